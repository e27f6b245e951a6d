package io.lockbench.harness.catalog;

import java.util.List;

/**
 * A page of a source's artifacts with two counts read in the same request: the count stored on the
 * source row and the count of artifact rows. Importers change both in one transaction, so a response
 * in which they differ mixed two database states.
 */
public record ArtifactPage(long sourceId, long storedCount, long countedArtifacts, List<Artifact> artifacts) {

    public record Artifact(long artifactId, long entryId, String name, String contentHash, int importCount) {}

    public boolean isConsistent() {
        return storedCount == countedArtifacts && artifacts.size() <= countedArtifacts;
    }
}
