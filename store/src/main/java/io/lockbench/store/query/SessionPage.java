package io.lockbench.store.query;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A page of sessions, most recently active first, and how many sessions there are in all. */
public record SessionPage(long totalSessions, int offset, int limit, List<SessionSummary> sessions) {

    /**
     * No session twice and no more sessions than the total: true whenever the page and its total come
     * from one snapshot; a page read across two database states can break it. (Not named as a getter,
     * so it is not part of the page's JSON.)
     */
    public boolean listsEachSessionOnceWithinTotal() {
        Set<String> ids = new HashSet<>();
        sessions.forEach(s -> ids.add(s.sessionId()));
        return sessions.size() <= totalSessions && ids.size() == sessions.size();
    }
}
