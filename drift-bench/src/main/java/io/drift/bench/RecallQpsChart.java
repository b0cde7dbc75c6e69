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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
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
 * settings in order of recall, markers labelled with their setting where the labels fit. Up and to
 * the right is better. Rendered headless.
 */
public final class RecallQpsChart {

    /** Image width in pixels. */
    public static final int WIDTH = 1200;

    /** Image height in pixels. */
    public static final int HEIGHT = 800;

    private static final String FONT = Font.SANS_SERIF;
    private static final Color GRID = new Color(0xC8C8C8);
    private static final Color MINOR_GRID = new Color(0xEBEBEB);
    private static final BasicStroke GRID_STROKE = new BasicStroke(1f);
    /** Approximate data area of a {@link #WIDTH} x {@link #HEIGHT} chart, for label placement. */
    private static final double PLOT_AREA_WIDTH = WIDTH - 160;
    private static final double PLOT_AREA_HEIGHT = HEIGHT - 230;
    /** Approximate extent of a point label such as {@code ef=128}, in pixels. */
    private static final double LABEL_WIDTH = 52;
    private static final double LABEL_HEIGHT = 16;
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
        List<List<SystemResult>> points = new ArrayList<>();
        for (Map.Entry<String, List<SystemResult>> system : bySystem(results).entrySet()) {
            XYSeries series = new XYSeries(system.getKey(), false, true);
            List<SystemResult> sorted = new ArrayList<>(system.getValue());
            sorted.sort(Comparator.comparingDouble(SystemResult::recall).thenComparingDouble(SystemResult::qps));
            for (SystemResult r : sorted) {
                series.add(r.recall(), plottableQps(r));
            }
            data.addSeries(series);
            points.add(sorted);
        }
        String[][] labels = pointLabels(points);

        NumberAxis x = new NumberAxis("recall@" + k);
        x.setAutoRangeIncludesZero(false);
        // The standard tick units pick as many decimals as the tick spacing needs.
        x.setStandardTickUnits(NumberAxis.createStandardTickUnits(Locale.ROOT));
        ReadableLogAxis y = new ReadableLogAxis("queries per second, one thread (log scale)");
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
        renderer.setDefaultItemLabelGenerator((dataset, series, item) -> labels[series][item]);
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(new Font(FONT, Font.PLAIN, 12));
        renderer.setDefaultItemLabelPaint(new Color(0x404040));
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));

        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setRangeMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinePaint(MINOR_GRID);
        plot.setDomainGridlineStroke(GRID_STROKE);
        plot.setRangeGridlineStroke(GRID_STROKE);
        plot.setRangeMinorGridlineStroke(GRID_STROKE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));

        JFreeChart chart = new JFreeChart(title, new Font(FONT, Font.BOLD, 24), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        TextTitle sub = new TextTitle(subtitle, new Font(FONT, Font.PLAIN, 15));
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(sub);
        LegendTitle legend = chart.getLegend();
        legend.setItemFont(new Font(FONT, Font.PLAIN, 17));
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        return chart;
    }

    /** A log axis cannot show 0; a system too slow to measure sits at the bottom instead. */
    private static double plottableQps(SystemResult r) {
        return Math.max(r.qps(), 1e-3);
    }

    /**
     * The setting label of each point of each series, or null where it would overprint a label
     * already placed (points are labelled greedily, series by series, in order of recall). Single
     * point series are not labelled: their legend entry names them.
     */
    private static String[][] pointLabels(List<List<SystemResult>> series) {
        double minRecall = Double.POSITIVE_INFINITY;
        double maxRecall = Double.NEGATIVE_INFINITY;
        double minLogQps = Double.POSITIVE_INFINITY;
        double maxLogQps = Double.NEGATIVE_INFINITY;
        for (List<SystemResult> points : series) {
            for (SystemResult r : points) {
                minRecall = Math.min(minRecall, r.recall());
                maxRecall = Math.max(maxRecall, r.recall());
                minLogQps = Math.min(minLogQps, Math.log10(plottableQps(r)));
                maxLogQps = Math.max(maxLogQps, Math.log10(plottableQps(r)));
            }
        }
        // Pixels per unit on each axis, from the approximate size of the data area.
        double xScale = PLOT_AREA_WIDTH / Math.max(maxRecall - minRecall, 1e-9);
        double yScale = PLOT_AREA_HEIGHT / Math.max(maxLogQps - minLogQps, 1e-9);
        List<double[]> placed = new ArrayList<>();
        String[][] labels = new String[series.size()][];
        for (int s = 0; s < series.size(); s++) {
            List<SystemResult> points = series.get(s);
            labels[s] = new String[points.size()];
            if (points.size() < 2) {
                continue;
            }
            for (int i = 0; i < points.size(); i++) {
                SystemResult r = points.get(i);
                double px = r.recall() * xScale;
                double py = Math.log10(plottableQps(r)) * yScale;
                boolean free = placed.stream().allMatch(
                        p -> Math.abs(p[0] - px) >= LABEL_WIDTH || Math.abs(p[1] - py) >= LABEL_HEIGHT);
                if (free) {
                    labels[s][i] = r.setting();
                    placed.add(new double[] {px, py});
                }
            }
        }
        return labels;
    }

    /** Results grouped by system, systems in order of first appearance. */
    private static Map<String, List<SystemResult>> bySystem(List<SystemResult> results) {
        Map<String, List<SystemResult>> bySystem = new LinkedHashMap<>();
        for (SystemResult r : results) {
            bySystem.computeIfAbsent(r.system(), s -> new ArrayList<>()).add(r);
        }
        return bySystem;
    }

    /** {@code Recall@10 vs. single-thread QPS: n=60,000, dim=784}. */
    static String title(StaticReport.DatasetInfo d) {
        return String.format(Locale.ROOT, "Recall@%d vs. single-thread QPS: n=%,d, dim=%d", d.k(), d.n(), d.dim());
    }

    /** The dataset's full name and the machine, for example {@code fashion-mnist, L2, 1,000 queries; ...}. */
    static String subtitle(StaticReport.DatasetInfo d, StaticReport.MachineInfo m) {
        return String.format(
                Locale.ROOT,
                "%s, %s, %,d queries after a warm-up; Java %s, %d cores, %s kernels",
                d.name(), d.metric(), d.queries(), m.java(), m.cores(), m.simd());
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
