package io.lockbench.harness.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lockbench.store.config.ConfigChoice;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON configuration of everything lockbench writes and reads: instants and dates as
 * ISO-8601 text, lockbench's choices (bucket, journal mode, state) by the lower-case names a
 * scenario uses, enums read in any case, unknown fields ignored on reading (a newer lockbench may add
 * some). A file format that needs more (run.json's snake_case and strict numbers) derives its
 * mapper from this one with {@link JsonMapper#rebuild()}, so the same value never comes out two ways.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("lockbench-choices").addSerializer(new ChoiceSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

    private Json() {}

    /** Indented, for files and for {@code --json} output a person may read. */
    public static ObjectWriter pretty() {
        return PRETTY;
    }

    /** One line, for HTTP bodies and line-per-event streams. */
    public static String line(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A measured figure for a JSON document: NaN and the infinities are not JSON, so "not measured" is null. */
    public static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

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
