package io.lockbench.harness.workload;

/** {@code list-sessions}: the first page of sessions, without duplicates and within the total. */
final class SessionList {

    private SessionList() {}

    static Operation create(WorkloadParams params, RunContext context) {
        int limit = params.intParam("limit");
        return caller -> context.store().queries().listSessions(0, limit).listsEachSessionOnceWithinTotal();
    }
}
