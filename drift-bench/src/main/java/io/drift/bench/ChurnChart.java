package io.drift.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The churn benchmark as a PNG in the style of {@link RecallQpsChart}: two panels over the same
 * checkpoints (x axis, labelled with their phase), recall@k on top and the single-thread p50
 * latency (logarithmic) below, one line with markers per system. Rendered headless.
 */
public final class ChurnChart {

    /** Image width in pixels. */
    public static final int WIDTH = 1200;

    /** Image height in pixels. */
    public static final int HEIGHT = 1000;

    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xC8C8C8);
    private static final Color MINOR_GRID = new Color(0xEBEBEB);
    private static final BasicStroke GRID_STROKE = new BasicStroke(1f);
    private static final Paint[] PALETTE = {
        new Color(0x1F77B4), // blue
        new Color(0xD62728), // red
        new Color(0x2CA02C), // green
        new Color(0xFF7F0E), // orange
        new Color(0x9467BD), // purple
        new Color(0x8C564B), // brown
    };
    private static final Shape[] SHAPES = {
        new Ellipse2D.Double(-5, -5, 10, 10),
        new Rectangle2D.Double(-4.5, -4.5, 9, 9),
        triangle(6),
        diamond(6),
    };

    /**
     * One system's line: its recall and p50 (milliseconds) at each checkpoint, in checkpoint order;
     * NaN where it has no figure.
     */
    public record Series(String system, double[] recall, double[] p50Millis) {}

    private ChurnChart() {}

    /**
     * Draws the chart to {@code png}, creating parent directories.
     *
     * @param checkpoints the checkpoint labels, x axis order
     */
    public static void write(Path png, String title, String subtitle, int k, List<String> checkpoints,
                             List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = create(title, subtitle, k, checkpoints, series);
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    static JFreeChart create(String title, String subtitle, int k, List<String> checkpoints, List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        XYSeriesCollection recall = new XYSeriesCollection();
        XYSeriesCollection latency = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries r = new XYSeries(s.system(), false, true);
            XYSeries p = new XYSeries(s.system(), false, true);
            for (int i = 0; i < checkpoints.size(); i++) {
                if (i < s.recall().length && !Double.isNaN(s.recall()[i])) {
                    r.add(i, s.recall()[i]);
                }
                if (i < s.p50Millis().length && s.p50Millis()[i] > 0) {
                    p.add(i, s.p50Millis()[i]);
                }
            }
            recall.addSeries(r);
            latency.addSeries(p);
        }

        SymbolAxis x = new SymbolAxis("checkpoint", checkpoints.toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis recallAxis = new NumberAxis("recall@" + k);
        recallAxis.setAutoRangeIncludesZero(false);
        recallAxis.setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
        ReadableLogAxis latencyAxis = new ReadableLogAxis("p50 latency, ms, one thread (log scale)");
        latencyAxis.setAutoRange(true);
        for (var axis : List.of(x, recallAxis, latencyAxis)) {
            axis.setLabelFont(new Font(FONT, Font.PLAIN, 18));
            axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 14));
        }

        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(14);
        combined.add(panel(recall, recallAxis, false), 1);
        combined.add(panel(latency, latencyAxis, true), 1);

        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 24), combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        TextTitle sub = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 15));
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(sub);
        LegendTitle legend = new LegendTitle(combined.getSubplots().getFirst());
        legend.setItemFont(new Font(FONT, Font.PLAIN, 17));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addLegend(legend);
        return chart;
    }

    private static XYPlot panel(XYSeriesCollection data, org.jfree.chart.axis.ValueAxis y, boolean minorGrid) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            renderer.setSeriesShape(s, SHAPES[s % SHAPES.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        XYPlot plot = new XYPlot(data, null, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeMinorGridlinesVisible(minorGrid);
        plot.setRangeMinorGridlinePaint(MINOR_GRID);
        plot.setDomainGridlineStroke(GRID_STROKE);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.setRangeMinorGridlineStroke(GRID_STROKE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
        return plot;
    }

    private static Shape triangle(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, r * 0.8);
        p.lineTo(-r, r * 0.8);
        p.closePath();
        return p;
    }

    private static Shape diamond(double r) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, -r);
        p.lineTo(r, 0);
        p.lineTo(0, r);
        p.lineTo(-r, 0);
        p.closePath();
        return p;
    }
}
