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
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The recall/throughput trade-off of a static benchmark as a PNG: recall@k on the x axis, single
 * thread queries per second on a logarithmic y axis, one line with markers per system through its
 * settings in order of recall, each marker labelled with its setting. Up and to the right is
 * better. Rendered headless.
 */
public final class RecallQpsChart {

    /** Image width in pixels. */
    public static final int WIDTH = 1200;

    /** Image height in pixels. */
    public static final int HEIGHT = 800;

    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xD0D0D0);
    private static final Paint[] PALETTE = {
        new Color(0x1F77B4), // blue
        new Color(0xD62728), // red
        new Color(0x2CA02C), // green
        new Color(0xFF7F0E), // orange
        new Color(0x9467BD), // purple
        new Color(0x8C564B), // brown
        new Color(0xE377C2), // pink
        new Color(0x17BECF), // teal
    };
    private static final Shape[] SHAPES = {
        new Ellipse2D.Double(-5, -5, 10, 10),
        new Rectangle2D.Double(-4.5, -4.5, 9, 9),
        triangle(6),
        diamond(6),
    };

    private RecallQpsChart() {}

    /** Draws the report's results to {@code png}, creating parent directories. */
    public static void write(Path png, StaticReport report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JFreeChart chart = create(
                title(report.dataset()), subtitle(report.dataset(), report.machine()), report.dataset().k(),
                report.systems());
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    /**
     * The chart of {@code results}.
     *
     * @param title the main title
     * @param subtitle a smaller line under it
     * @param k the k of recall@k, for the axis label
     */
    static JFreeChart create(String title, String subtitle, int k, List<SystemResult> results) {
        if (results.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        List<List<String>> labels = new ArrayList<>();
        for (Map.Entry<String, List<SystemResult>> system : bySystem(results).entrySet()) {
            XYSeries series = new XYSeries(system.getKey(), false, true);
            List<String> seriesLabels = new ArrayList<>();
            List<SystemResult> points = new ArrayList<>(system.getValue());
            points.sort(Comparator.comparingDouble(SystemResult::recall).thenComparingDouble(SystemResult::qps));
            for (SystemResult r : points) {
                series.add(r.recall(), Math.max(r.qps(), Double.MIN_NORMAL));
                seriesLabels.add(points.size() > 1 ? r.setting() : null);
            }
            data.addSeries(series);
            labels.add(seriesLabels);
        }

        NumberAxis x = new NumberAxis("recall@" + k);
        x.setAutoRangeIncludesZero(false);
        x.setNumberFormatOverride(new DecimalFormat("0.00"));
        LogAxis y = new LogAxis("queries per second, one thread (log scale)");
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        y.setSmallestValue(1e-3);
        y.setAutoRange(true);
        for (var axis : List.of(x, y)) {
            axis.setLabelFont(new Font(FONT, Font.PLAIN, 18));
            axis.setTickLabelFont(new Font(FONT, Font.PLAIN, 15));
        }

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            renderer.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
            renderer.setSeriesShape(s, SHAPES[s % SHAPES.length]);
            renderer.setSeriesStroke(s, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> labels.get(series).get(item));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 11));
        renderer.setDefaultItemLabelPaint(new Color(0x404040));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinePaint(new Color(0xEEEEEE));
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));

        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 24), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        TextTitle sub = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 15));
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(sub);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(FONT, Font.PLAIN, 16));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        return chart;
    }

    /** Results grouped by system, systems in order of first appearance. */
    private static Map<String, List<SystemResult>> bySystem(List<SystemResult> results) {
        Map<String, List<SystemResult>> bySystem = new LinkedHashMap<>();
        for (SystemResult r : results) {
            bySystem.computeIfAbsent(r.system(), s -> new ArrayList<>()).add(r);
        }
        return bySystem;
    }

    /** {@code dataset (n=60,000, dim=784, k=10)}. */
    static String title(StaticReport.DatasetInfo d) {
        return String.format(Locale.ROOT, "Recall vs. throughput: %s (n=%,d, dim=%d, k=%d)", d.name(), d.n(), d.dim(), d.k());
    }

    /** {@code 1,000 queries, L2, one search thread; Java 25, 2 cores, panama-256}. */
    static String subtitle(StaticReport.DatasetInfo d, StaticReport.MachineInfo m) {
        return String.format(
                Locale.ROOT,
                "%,d queries, %s, one search thread after a warm-up pass; Java %s, %d cores, %s kernels",
                d.queries(), d.metric(), m.java(), m.cores(), m.simd());
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
