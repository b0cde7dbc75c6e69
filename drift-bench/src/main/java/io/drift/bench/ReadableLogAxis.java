package io.drift.bench;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A vertical base-10 {@link LogAxis} with ticks people read at a glance: labelled major ticks at
 * round values ({@code 1, 2, 5 × 10ⁿ}, denser or sparser with the range) and unlabelled minor ticks
 * at the other integer multiples of each power of ten, so the minor grid shows the log scale.
 * JFreeChart's own log axis labels evenly spaced logarithms, such as 12,589.
 */
final class ReadableLogAxis extends LogAxis {

    private static final long serialVersionUID = 1L;

    private static final int[] DENSE = {1, 2, 3, 5};
    private static final int[] MEDIUM = {1, 2, 5};
    private static final int[] SPARSE = {1};

    ReadableLogAxis(String label) {
        super(label);
        setBase(10);
    }

    @Override
    protected List<ValueTick> refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        double lower = getLowerBound();
        double upper = getUpperBound();
        List<ValueTick> ticks = new ArrayList<>();
        if (!(lower > 0) || !(upper > lower)) {
            return ticks;
        }
        double decades = Math.log10(upper / lower);
        int[] major = decades <= 1.5 ? DENSE : decades <= 3 ? MEDIUM : SPARSE;
        boolean minor = decades <= 6;
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        for (int exponent = (int) Math.floor(Math.log10(lower)); exponent <= (int) Math.ceil(Math.log10(upper)); exponent++) {
            double power = Math.pow(10, exponent);
            for (int mantissa = 1; mantissa <= 9; mantissa++) {
                double value = mantissa * power;
                if (value < lower || value > upper) {
                    continue;
                }
                if (contains(major, mantissa)) {
                    ticks.add(new NumberTick(TickType.MAJOR, value, format(value), anchor, anchor, 0));
                } else if (minor) {
                    ticks.add(new NumberTick(TickType.MINOR, value, "", anchor, anchor, 0));
                }
            }
        }
        return ticks;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** Grouped thousands, and decimals only below 1. */
    private static String format(double value) {
        NumberFormat format = new DecimalFormat(value >= 1 ? "#,##0" : "0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(value);
    }
}
