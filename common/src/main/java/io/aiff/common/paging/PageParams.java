package io.aiff.common.paging;

import io.aiff.common.problem.ProblemException;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * {@code ?limit=&cursor=} of every cursor-paged collection (docs/api.md). Parsed here rather than by JAX-RS, whose
 * failed conversions answer 404: a bad limit or cursor is a 400 naming the parameter.
 */
public class PageParams {

    @QueryParam("limit")
    @Parameter(description = "Page size, 1–200 (default 50)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
    String limit;

    @QueryParam("cursor")
    @Parameter(description = "The next_cursor of the previous page")
    String cursor;

    public int limit() {
        if (limit == null || limit.isBlank()) {
            return Page.DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= Page.MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("limit", "must be a whole number from 1 to " + Page.MAX_LIMIT);
    }

    /** The cursor as sent (for collections keyed other than by an ascending integer id). */
    public String cursorText() {
        return cursor;
    }

    /** The id after which this page starts (0 for the first page), for tables with an integer key. */
    public int afterId() {
        long after = Cursors.decode(cursor);
        if (after > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("cursor", "is not a cursor this API returned");
        }
        return (int) after;
    }
}
