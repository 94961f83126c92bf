package io.aiff.ticket;

import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;

/**
 * A zone as ticket-service knows it (table {@code zones}, its copy of team-service's): the id is the identity, the
 * name is for display; the centre and coverage serve dispatch. {@code version} is team-service's.
 */
public record Zone(int id, String name, Point centre, Polygon coverageArea, int version) {
}
