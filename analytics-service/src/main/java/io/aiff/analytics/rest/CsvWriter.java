package io.aiff.analytics.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.aiff.common.openapi.Docs;
import io.aiff.common.paging.Items;
import io.aiff.common.paging.Page;
import io.vertx.core.json.Json;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Collections as CSV ({@code Accept: text/csv}, RFC 4180), for managers who export to spreadsheets: one header row of
 * the JSON names (nested objects flattened as {@code backlog_count}), one row per item; a paged collection's next
 * cursor goes in the {@value #NEXT_CURSOR} header. A text cell that a spreadsheet would run as a formula (starting
 * with {@code = + - @}, tab or carriage return) is prefixed with {@code '}.
 */
@Provider
@Produces(CsvWriter.TEXT_CSV)
public class CsvWriter implements MessageBodyWriter<Object> {

    public static final String TEXT_CSV = Docs.CSV;
    public static final String NEXT_CURSOR = "Next-Cursor";
    private static final PropertyNamingStrategies.NamingBase SNAKE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return (Items.class.isAssignableFrom(type) || Page.class.isAssignableFrom(type)) && mediaType.isCompatible(MediaType.valueOf(TEXT_CSV));
    }

    @Override
    public void writeTo(Object collection, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        List<?> items = collection instanceof Page<?> page ? page.items() : ((Items<?>) collection).items();
        if (collection instanceof Page<?> page && page.nextCursor() != null) {
            headers.putSingle(NEXT_CURSOR, page.nextCursor());
        }
        Class<?> itemType = itemType(genericType, items);
        StringBuilder csv = new StringBuilder();
        if (itemType != null && itemType.isRecord()) {
            List<String> header = new ArrayList<>();
            names(itemType, "", header);
            csv.append(String.join(",", header)).append("\r\n");
            for (Object item : items) {
                List<String> cells = new ArrayList<>();
                values(item, itemType, cells);
                csv.append(String.join(",", cells)).append("\r\n");
            }
        }
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Class<?> itemType(Type genericType, List<?> items) {
        if (genericType instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return items.isEmpty() ? null : items.get(0).getClass();
    }

    private static void names(Class<?> type, String prefix, List<String> into) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + SNAKE.translate(c.getName());
            if (c.getType().isRecord()) {
                names(c.getType(), name + "_", into);
            } else {
                into.add(name);
            }
        }
    }

    private static void values(Object item, Class<?> type, List<String> into) {
        for (RecordComponent c : type.getRecordComponents()) {
            Object value = item == null ? null : read(c, item);
            if (c.getType().isRecord()) {
                values(value, c.getType(), into);
            } else {
                into.add(cell(value));
            }
        }
    }

    private static Object read(RecordComponent c, Object item) {
        try {
            return c.getAccessor().invoke(item);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new UncheckedIOException(new IOException("cannot read " + c.getName(), e));
        }
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text;
        if (value instanceof Collection<?> list) {
            text = String.join(";", list.stream().map(String::valueOf).toList());
        } else if (value instanceof Map<?, ?> map) {
            text = Json.encode(map);
        } else {
            text = value.toString();
        }
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
