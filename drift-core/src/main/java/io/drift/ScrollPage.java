package io.drift;

import java.util.List;

/**
 * One page of {@link VectorCollection#scroll}: its points, in id order (key order in a string-keyed
 * collection), and where the next page starts (null after the last page).
 *
 * @param points     the page's points, with their payloads (and vectors when asked for)
 * @param nextOffset the offset of the next page, or null when there is none
 */
public record ScrollPage(List<Point> points, PointId nextOffset) {
    public ScrollPage {
        points = List.copyOf(points);
    }
}
