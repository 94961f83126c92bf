package io.aiff.ticket.service;

import java.util.regex.Pattern;

/**
 * Search text as the full-text parser can take it. Web-search syntax reads each {@code -} as a NOT and skips the
 * other signs ({@code ! & | < ( )} and the like) between words, so a run of NOTs with only signs between them overflows
 * PostgreSQL's operator stack ("tsquery stack too small", an internal error): such a run means one NOT at most, so it
 * is read as one. (Quotes are left alone: they open phrases, which end the run.)
 */
public final class SearchText {

    /** A NOT, then any further NOTs with nothing but signs and spaces between: no letter, digit or quote. */
    private static final Pattern NOT_RUN = Pattern.compile("-[^\\p{L}\\p{N}\"]*-");

    private SearchText() {
    }

    public static String normalise(String q) {
        return NOT_RUN.matcher(q).replaceAll("-");
    }
}
