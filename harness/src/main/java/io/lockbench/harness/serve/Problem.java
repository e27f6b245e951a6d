package io.lockbench.harness.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response body in the shape of RFC 9457 ({@code application/problem+json}). {@code type}
 * is a relative URI naming the kind of problem; {@code parameter} names the request parameter a 400
 * is about.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
