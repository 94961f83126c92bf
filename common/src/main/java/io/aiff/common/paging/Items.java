package io.aiff.common.paging;

import java.util.List;
import java.util.function.Function;

/** A collection that is not paged: {@code {"items": [...]}} ({@code docs/api.md}, "JSON"). */
public record Items<T>(List<T> items) {

    public static <R, T> Items<T> of(List<R> rows, Function<R, T> view) {
        return new Items<>(rows.stream().map(view).toList());
    }
}
