package io.aiff.team.service;

import io.aiff.common.problem.ProblemException;
import io.aiff.team.GeoPoint;
import io.vertx.pgclient.data.Point;
import io.vertx.pgclient.data.Polygon;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Geography in plain Java: API points ↔ PostgreSQL's geometric types, coverage rings, great-circle distance. */
public final class Geo {

    public static final double EARTH_RADIUS_KM = 6371.0088;
    public static final int MAX_RING_POINTS = 1000;

    private Geo() {
    }

    public static Point point(GeoPoint p) {
        return p == null ? null : new Point(p.lon(), p.lat());
    }

    public static GeoPoint point(Point p) {
        return p == null ? null : new GeoPoint(p.y, p.x);
    }

    public static List<GeoPoint> ring(Polygon polygon) {
        return polygon == null ? null : polygon.getPoints().stream().map(Geo::point).toList();
    }

    /**
     * The coverage polygon from API points: closed implicitly (a repeated first point at the end is dropped), at least
     * 3 distinct points, at most {@link #MAX_RING_POINTS}. Coordinates are range-checked by the request's constraints.
     */
    public static Polygon coverage(List<GeoPoint> points, String field) {
        List<GeoPoint> ring = new ArrayList<>(points);
        if (ring.size() > 1 && ring.get(0).equals(ring.get(ring.size() - 1))) {
            ring.remove(ring.size() - 1);
        }
        if (ring.size() > MAX_RING_POINTS) {
            throw ProblemException.badRequest(field, "may have at most " + MAX_RING_POINTS + " points");
        }
        if (new HashSet<>(ring).size() < 3) {
            throw ProblemException.badRequest(field, "needs at least 3 distinct points");
        }
        return new Polygon(ring.stream().map(Geo::point).toList());
    }

    /** Great-circle (haversine) distance in kilometres. */
    public static double distanceKm(GeoPoint a, GeoPoint b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLon = Math.toRadians(b.lon() - a.lon());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
