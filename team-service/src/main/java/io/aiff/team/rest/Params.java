package io.aiff.team.rest;

import io.aiff.common.web.QueryParams;
import io.aiff.team.GeoPoint;

/** A point given as {@code ?lat=&lon=}: both required and in range, else a 400 naming the one at fault. */
final class Params {

    private Params() {
    }

    static GeoPoint point(String lat, String lon) {
        return new GeoPoint(QueryParams.number("lat", lat, -90, 90), QueryParams.number("lon", lon, -180, 180));
    }
}
