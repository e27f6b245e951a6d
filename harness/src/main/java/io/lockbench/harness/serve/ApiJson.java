package io.lockbench.harness.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lockbench.store.config.ConfigChoice;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The API's JSON: instants and dates as ISO-8601 text, choices (bucket, state) by their lower-case names. */
public final class ApiJson {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("lockbench-choices").addSerializer(new ChoiceSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ApiJson() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ChoiceSerializer extends StdSerializer<ConfigChoice> {
        private static final long serialVersionUID = 1L;

        ChoiceSerializer() {
            super(ConfigChoice.class);
        }

        @Override
        public void serialize(ConfigChoice value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.configName());
        }
    }
}
