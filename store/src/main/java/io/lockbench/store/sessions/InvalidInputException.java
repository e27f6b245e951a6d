package io.lockbench.store.sessions;

/** The input to an import cannot be used at all (missing directory, not a transcript tree). */
public final class InvalidInputException extends RuntimeException {

    public InvalidInputException(String message) {
        super(message);
    }
}
