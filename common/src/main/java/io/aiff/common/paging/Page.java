package io.aiff.common.paging;

import java.util.List;
import java.util.function.Function;

/** A page of a collection: {@code {"items": [...], "next_cursor": "..."}}; the cursor is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only says that there is more.
     */
    public static <R, T> Page<T> of(List<R> rowsPlusOne, int limit, Function<R, T> mapper, Function<R, String> cursorOf) {
        boolean more = rowsPlusOne.size() > limit;
        List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
        String next = more ? cursorOf.apply(rows.get(rows.size() - 1)) : null;
        return new Page<>(rows.stream().map(mapper).toList(), next);
    }
}
