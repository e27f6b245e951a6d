package io.lockbench.harness.serve;

import io.lockbench.harness.json.Json;
import java.nio.ByteBuffer;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to what Jetty rejects before any route runs (a URI or headers too long, a bad escape,
 * an ambiguous path, control characters): the same {@code application/problem+json} every route
 * gives, instead of Jetty's HTML page. The detail is Jetty's reason alone; the request itself is
 * never echoed.
 */
final class ProblemErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String title = HttpStatus.getMessage(code);
        String type =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        String detail = message == null || message.isBlank() || message.equals(title)
                ? "the server rejected the request before reading it (" + code + " " + title + ")"
                : message;
        Problem problem = new Problem(type, title, code, detail, null, null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(Json.bytes(problem)), callback);
    }
}
