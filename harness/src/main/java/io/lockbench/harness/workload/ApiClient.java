package io.lockbench.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs JSON from a {@code lockbench serve} API; a non-2xx answer is an {@link HttpStatusException}. */
public final class ApiClient {

    // Reads the API's JSON back into the store's own records, so a response is checked by the same
    // invariants as an in-process read. Choices arrive in lower case ("hour"); properties a record does
    // not have (the server's own "consistent") are ignored: the client checks for itself.
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI base;
    private final HttpClient http;

    public ApiClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI base() {
        return base;
    }

    /** The response body read as {@code type}. */
    <T> T get(String path, Class<T> type) throws IOException, InterruptedException {
        return JSON.treeToValue(get(path), type);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new HttpStatusException(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A response with a status outside 2xx; counted under {@code HTTP_<status>} in a run's errors. */
    public static final class HttpStatusException extends IOException {

        private static final long serialVersionUID = 1L;
        private final int status;

        HttpStatusException(int status, String body) {
            super("HTTP " + status + ": " + (body.length() > 200 ? body.substring(0, 200) : body));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
