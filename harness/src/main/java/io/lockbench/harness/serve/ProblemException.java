package io.lockbench.harness.serve;

import io.lockbench.store.config.Secrets;

/**
 * Ends a request with a problem response. Thrown by handlers for what the client can act on (a
 * bad parameter, an unknown session, a conflict); the message is the problem's detail and is safe
 * to show: it never carries SQL or a stack trace.
 */
final class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;
    private final String title;
    private final String parameter;

    ProblemException(int status, String type, String title, String detail, String parameter) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.parameter = parameter;
    }

    static ProblemException badParameter(String parameter, String detail) {
        return new ProblemException(400, "bad-parameter", "Bad request parameter", detail, parameter);
    }

    static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null);
    }

    static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null);
    }

    int status() {
        return status;
    }

    Problem problem(String instance) {
        return new Problem(type, title, status, Secrets.redact(getMessage()), Secrets.redact(instance), parameter);
    }
}
