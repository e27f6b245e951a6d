package io.lockbench.store.importer;

/** A transcript line that cannot be imported; the reason is short enough for one report line. */
final class MalformedLineException extends Exception {

    MalformedLineException(String reason) {
        super(reason, null, false, false);
    }
}
