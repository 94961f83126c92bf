package io.aiff.common.paging;

import io.aiff.common.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: clients pass them back untouched, the service decodes the last key it returned. */
public final class Cursors {

    private Cursors() {
    }

    public static String encode(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id after which the next page starts; 0 when there is no cursor. A tampered cursor is a 400. */
    public static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("id:")) {
                long id = Long.parseLong(raw.substring(3));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
    }
}
