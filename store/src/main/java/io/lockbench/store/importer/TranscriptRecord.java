package io.lockbench.store.importer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of one transcript line that the store uses. The format has no published schema and
 * grows with every release, so unknown fields are ignored; a known field of the wrong type makes the
 * line malformed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TranscriptRecord(
        String type,
        String uuid,
        String parentUuid,
        String sessionId,
        String timestamp,
        String cwd,
        String gitBranch,
        String version,
        Boolean isSidechain,
        Boolean isMeta,
        String agentId,
        String requestId,
        String summary,
        String leafUuid,
        Message message) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(String id, String role, String model, JsonNode content, Usage usage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(
            @JsonProperty("input_tokens") Long inputTokens,
            @JsonProperty("output_tokens") Long outputTokens,
            @JsonProperty("cache_creation_input_tokens") Long cacheCreationInputTokens,
            @JsonProperty("cache_read_input_tokens") Long cacheReadInputTokens,
            @JsonProperty("cache_creation") CacheCreation cacheCreation,
            @JsonProperty("service_tier") String serviceTier) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CacheCreation(
            @JsonProperty("ephemeral_5m_input_tokens") Long ephemeral5m,
            @JsonProperty("ephemeral_1h_input_tokens") Long ephemeral1h) {}
}
