package io.aiff.ticket.service;

import java.util.regex.Pattern;

/**
 * Search text as the full-text parser can take it. Web-search syntax reads each {@code -} as a NOT, and a run of NOTs
 * without words between them overflows PostgreSQL's operator stack ("tsquery stack too small", an internal error):
 * such a run means one NOT at most, so it is read as one.
 */
public final class SearchText {

    /** A NOT, then any further NOTs with only spaces or parentheses between. */
    private static final Pattern NOT_RUN = Pattern.compile("-[\\s()\\-]*-");

    private SearchText() {
    }

    public static String normalise(String q) {
        return NOT_RUN.matcher(q).replaceAll("-");
    }
}
