package org.emodu.intervention.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.evaluation.ConfidenceInterval;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.BoxStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the experiment's charts with XChart and writes each as PNG (at the style's resolution),
 * PDF and SVG, atomically: grouped bars, means with their confidence intervals, box plots of the
 * distributions, and the fine-tuning loss and accuracy curves. Runs headless; an existing chart of
 * the same name is replaced.
 *
 * <p>XChart draws every text as its outline ({@code TextLayout.getOutline}) before the vector
 * back end sees it, so VectorGraphics2D's text hint cannot keep text as text. The SVG is therefore
 * drawn on a canvas that recognises the outlines of the chart's own texts (title, axis titles,
 * tick labels, categories, legend) and writes them as {@code <text>} elements; anything it does not
 * recognise (the value labels on bars, for one) stays a path. The PDF, written by XChart through
 * PDFBox, holds its text as paths: exact in print, not searchable.
 */
public final class Charts {

  /** The width every chart is laid out at, in points. */
  public static final int WIDTH = 800;
  /** The height every chart is laid out at, in points. */
  public static final int HEIGHT = 480;

  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd)};

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /**
   * Grouped bars: one group per category, one bar per series, English labels, a pixel a point.
   *
   * @param values series name -> one value per category, in category order
   * @param decimalPattern how numbers are written on the bars and the axis, as {@link java.text.DecimalFormat}
   */
  public static ChartFiles bars(String title, String yAxis, List<String> categories, Map<String, List<Double>> values,
      Double yMax, String decimalPattern, Path directory, String baseName) {
    return bars(title, yAxis, categories, values, yMax, decimalPattern, ChartStyle.screen(), directory, baseName);
  }

  /** Grouped bars drawn in {@code style}; see {@link #bars(String, String, List, Map, Double, String, Path, String)}. */
  public static ChartFiles bars(String title, String yAxis, List<String> categories, Map<String, List<Double>> values,
      Double yMax, String decimalPattern, ChartStyle style, Path directory, String baseName) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yAxis).build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
    chart.getStyler().setLabelsFontColor(Color.DARK_GRAY);
    chart.getStyler().setYAxisMin(0.0);
    // Bar labels and axis ticks alike; the y axis keeps at most the same digits.
    chart.getStyler().setDecimalPattern(decimalPattern);
    if (yMax != null) {
      chart.getStyler().setYAxisMax(yMax);
    }
    int index = 0;
    for (Map.Entry<String, List<Double>> series : values.entrySet()) {
      if (series.getValue().size() != categories.size()) {
        throw new IllegalArgumentException("series " + series.getKey() + " has " + series.getValue().size()
            + " values for " + categories.size() + " categories");
      }
      chart.addSeries(series.getKey(), categories, series.getValue()).setFillColor(PALETTE[index++ % PALETTE.length]);
    }
    TextKeepingSvg.Texts texts = new TextKeepingSvg.Texts();
    texts.addAll(categories);
    java.text.DecimalFormat labels = new java.text.DecimalFormat(decimalPattern,
        java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
    values.values().forEach(series -> series.forEach(value -> texts.add(labels.format(value))));
    return write(chart, title, style, directory, baseName, texts);
  }

  /**
   * Means with their confidence intervals: per category, one point per series at the mean and a
   * whisker from the interval's lower to its upper bound (percentile intervals need not be
   * symmetric, so they are drawn as they are, not as plus or minus one width).
   *
   * @param values series name -> one interval per category, in category order
   * @param yMin the axis' lower end, e.g. 0 for BERTScore
   * @param yMax the axis' upper end, e.g. 1 for BERTScore; null to fit the data
   */
  public static ChartFiles intervals(String title, String yAxis, List<String> categories,
      Map<String, List<ConfidenceInterval>> values, double yMin, Double yMax, String decimalPattern, ChartStyle style,
      Path directory, String baseName) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yAxis).build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    // The category labels sit just below the axis' lower end, so the axis' ends are fixed here, never left to XChart.
    double top = yMax == null ? maxUpper(values) : yMax;
    chart.getStyler().setYAxisMin(yMin);
    chart.getStyler().setYAxisMax(top);
    chart.getStyler().setYAxisDecimalPattern(decimalPattern);
    chart.getStyler().setXAxisMin(-0.5);
    chart.getStyler().setXAxisMax(categories.size() - 0.5);
    TextKeepingSvg.Texts texts = new TextKeepingSvg.Texts();
    categoryAxis(chart, categories, yMin, top, texts);
    int series = values.size();
    int index = 0;
    for (Map.Entry<String, List<ConfidenceInterval>> entry : values.entrySet()) {
      if (entry.getValue().size() != categories.size()) {
        throw new IllegalArgumentException("series " + entry.getKey() + " has " + entry.getValue().size()
            + " values for " + categories.size() + " categories");
      }
      Color color = PALETTE[index % PALETTE.length];
      double offset = series == 1 ? 0 : -0.25 + 0.5 * index / (series - 1);
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int c = 0; c < categories.size(); c++) {
        ConfidenceInterval interval = entry.getValue().get(c);
        if (!interval.isDefined()) {
          continue;
        }
        double at = c + offset;
        x.add(at);
        y.add(interval.estimate());
        segment(chart, entry.getKey() + " " + c, at, interval.lower(), at, interval.upper(), color, 1.8f);
        segment(chart, entry.getKey() + " " + c + " low", at - 0.04, interval.lower(), at + 0.04, interval.lower(), color,
            1.8f);
        segment(chart, entry.getKey() + " " + c + " high", at - 0.04, interval.upper(), at + 0.04, interval.upper(),
            color, 1.8f);
      }
      if (!x.isEmpty()) {
        XYSeries means = chart.addSeries(entry.getKey(), x, y);
        means.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        means.setMarker(SeriesMarkers.DIAMOND);
        means.setMarkerColor(color);
      }
      index++;
    }
    return write(chart, title, style, directory, baseName, texts);
  }

  /**
   * Box plots, one box per series: the box from the first to the third quartile (Hyndman and Fan's
   * type 7, as the report's tables), the median across it, whiskers to the furthest values within
   * 1.5 times the box's height, and the values beyond as points.
   *
   * @param values series name -> its values; a series without values is left out
   * @param yMin the axis' lower end, or null to fit the data
   * @param yMax the axis' upper end, or null to fit the data
   */
  public static ChartFiles boxes(String title, String yAxis, Map<String, double[]> values, Double yMin, Double yMax,
      String decimalPattern, ChartStyle style, Path directory, String baseName) {
    BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yAxis).build();
    BoxStyler styler = chart.getStyler();
    style(styler);
    styler.setBoxplotCalCulationMethod(BoxStyler.BoxplotCalCulationMethod.N_LESS_1_PLUS_1);
    styler.setLegendVisible(false);
    styler.setYAxisDecimalPattern(decimalPattern);
    if (yMin != null) {
      styler.setYAxisMin(yMin);
    }
    if (yMax != null) {
      styler.setYAxisMax(yMax);
    }
    int index = 0;
    for (Map.Entry<String, double[]> entry : values.entrySet()) {
      if (entry.getValue().length > 0) {
        Color color = PALETTE[index % PALETTE.length];
        chart.addSeries(entry.getKey(), entry.getValue())
            .setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
      }
      index++;
    }
    return write(chart, title, style, directory, baseName);
  }

  /** Training loss (faint), its smoothed curve and the validation loss by step, English labels, a pixel a point. */
  public static ChartFiles lossCurve(TrainingCurve curve, double smoothing, Path directory, String baseName) {
    return lossCurve(curve, smoothing, ChartStyle.screen(), directory, baseName);
  }

  /**
   * Training loss (faint), its bias-corrected smoothed curve (see {@link TrainingCurve#smoothed}),
   * and the validation loss by step, with round step ticks (1, 2 or 5 times a power of ten) at any
   * number of steps. The legend states the smoothing.
   */
  public static ChartFiles lossCurve(TrainingCurve curve, double smoothing, ChartStyle style, Path directory,
      String baseName) {
    ReportLanguage language = style.language();
    String title = language.pick("Fine-tuning loss", "Loss pelatihan fine-tuning");
    return curveChart(title, language.pick("loss", "loss"), curve.trainingLoss(), curve.validationLoss(),
        language.pick("training loss", "loss pelatihan"), language.pick("validation loss", "loss validasi"),
        smoothing, false, style, directory, baseName);
  }

  /**
   * Mean token accuracy by step, on the training batches (faint, with its smoothed curve) and on the
   * validation file, with the loss chart's ticks and smoothing; the axis runs from 0 to 1.
   *
   * @throws IllegalArgumentException when the curve carries no accuracy
   */
  public static ChartFiles accuracyCurve(TrainingCurve curve, double smoothing, ChartStyle style, Path directory,
      String baseName) {
    if (!curve.hasAccuracy()) {
      throw new IllegalArgumentException("the training curve carries no accuracy");
    }
    ReportLanguage language = style.language();
    String title = language.pick("Fine-tuning accuracy (mean token accuracy)", "Akurasi fine-tuning (akurasi token rata-rata)");
    List<TrainingCurve.Point> training = curve.trainingAccuracy().isEmpty() ? curve.validationAccuracy()
        : curve.trainingAccuracy();
    return curveChart(title, language.pick("accuracy", "akurasi"), training,
        curve.trainingAccuracy().isEmpty() ? List.of() : curve.validationAccuracy(),
        curve.trainingAccuracy().isEmpty() ? language.pick("validation accuracy", "akurasi validasi")
            : language.pick("training accuracy", "akurasi pelatihan"),
        language.pick("validation accuracy", "akurasi validasi"), smoothing, true, style, directory, baseName);
  }

  /** How the legend states a smoothing weight. */
  static String smoothingLabel(ReportLanguage language, double smoothing) {
    String weight = String.format(Locale.ROOT, "%.2f", smoothing);
    return smoothing == 0 ? language.pick("not smoothed", "tanpa penghalusan")
        : language.pick("smoothed (bias-corrected EMA, weight " + weight + ")",
            "dihaluskan (EMA terkoreksi bias, bobot " + weight + ")");
  }

  private static ChartFiles curveChart(String title, String yAxis, List<TrainingCurve.Point> training,
      List<TrainingCurve.Point> validation, String trainingName, String validationName, double smoothing,
      boolean unitAxis, ChartStyle style, Path directory, String baseName) {
    ReportLanguage language = style.language();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle(language.pick("step", "langkah")).yAxisTitle(yAxis).build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    double maxStep = 1;
    double maxValue = 0;
    for (List<TrainingCurve.Point> points : List.of(training, validation)) {
      for (TrainingCurve.Point point : points) {
        maxStep = Math.max(maxStep, point.step());
        maxValue = Math.max(maxValue, point.value());
      }
    }
    double yMax = unitAxis ? 1.0 : roundUp(maxValue);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(yMax);
    chart.getStyler().setYAxisDecimalPattern("0.0#");
    TextKeepingSvg.Texts texts = new TextKeepingSvg.Texts();
    stepAxis(chart, maxStep, yMax, texts);
    Color blue = PALETTE[0];
    boolean smooth = smoothing > 0;
    XYSeries raw = addLine(chart, smooth ? trainingName : trainingName + " (" + smoothingLabel(language, 0) + ")",
        training, smooth ? new Color(31, 119, 180, 90) : blue, smooth ? 1f : 2f, false);
    raw.setFillColor(blue);
    if (smooth) {
      addLine(chart, trainingName + ", " + smoothingLabel(language, smoothing), TrainingCurve.smoothed(training, smoothing),
          blue, 2.5f, false);
    }
    if (!validation.isEmpty()) {
      addLine(chart, validationName, validation, PALETTE[1], 2f, true);
    }
    return write(chart, title, style, directory, baseName, texts);
  }

  /** Hides XChart's own x ticks (it places them at data values) and draws round ones with their grid lines. */
  private static void stepAxis(XYChart chart, double maxStep, double yMax, TextKeepingSvg.Texts texts) {
    List<Double> ticks = AxisTicks.ticks(maxStep, 8);
    double last = ticks.get(ticks.size() - 1);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(last);
    verticalTicks(chart, ticks, tick -> String.format(Locale.ROOT, "%,.0f", tick), 0, yMax, texts);
  }

  private static void categoryAxis(XYChart chart, List<String> categories, double yMin, double yMax,
      TextKeepingSvg.Texts texts) {
    List<Double> ticks = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      ticks.add((double) i);
    }
    verticalTicks(chart, ticks, tick -> categories.get((int) Math.round(tick)), yMin, yMax, texts);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
  }

  private static void verticalTicks(XYChart chart, List<Double> ticks, java.util.function.Function<Double, String> label,
      double yMin, double yMax, TextKeepingSvg.Texts texts) {
    AxesChartStyler styler = chart.getStyler();
    // XChart keeps the room of its labels when they are blank; ours are drawn in that room.
    styler.setxAxisTickLabelsFormattingFunction(value -> " ");
    styler.setPlotGridVerticalLinesVisible(false);
    styler.setAnnotationLineColor(new Color(0xe0e0e0));
    styler.setAnnotationLineStroke(new BasicStroke(1f));
    styler.setAnnotationTextFont(styler.getAxisTickLabelsFont());
    styler.setAnnotationTextFontColor(styler.getAxisTickLabelsColor());
    double below = yMin - 0.045 * (yMax - yMin);
    for (double tick : ticks) {
      chart.addAnnotation(new AnnotationLine(tick, true, false));
      chart.addAnnotation(new AnnotationText(label.apply(tick), tick, below, false));
      texts.add(label.apply(tick));
    }
  }

  private static double roundUp(double value) {
    if (!(value > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double multiple : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (multiple * power >= value) {
        return multiple * power;
      }
    }
    return 10 * power;
  }

  private static double maxUpper(Map<String, List<ConfidenceInterval>> values) {
    double max = 0;
    for (List<ConfidenceInterval> intervals : values.values()) {
      for (ConfidenceInterval interval : intervals) {
        if (interval.isDefined()) {
          max = Math.max(max, interval.upper());
        }
      }
    }
    return roundUp(max);
  }

  private static void segment(XYChart chart, String name, double x0, double y0, double x1, double y1, Color color,
      float width) {
    XYSeries series = chart.addSeries(name, new double[] {x0, x1}, new double[] {y0, y1});
    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(width));
    series.setMarker(SeriesMarkers.NONE);
    series.setShowInLegend(false);
  }

  private static XYSeries addLine(XYChart chart, String name, List<TrainingCurve.Point> points, Color color, float width,
      boolean markers) {
    double[] x = points.stream().mapToDouble(TrainingCurve.Point::step).toArray();
    double[] y = points.stream().mapToDouble(TrainingCurve.Point::value).toArray();
    XYSeries series = chart.addSeries(name, x, y);
    series.setLineColor(color);
    series.setLineStyle(new BasicStroke(width));
    series.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    series.setMarkerColor(color);
    return series;
  }

  private static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xe0e0e0));
    styler.setPlotBorderVisible(false);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setAntiAlias(true);
    styler.setLocale(Locale.ROOT);
  }

  private static ChartFiles write(Chart<?, ?> chart, String title, ChartStyle style, Path directory, String baseName) {
    return write(chart, title, style, directory, baseName, new TextKeepingSvg.Texts());
  }

  private static ChartFiles write(Chart<?, ?> chart, String title, ChartStyle style, Path directory, String baseName,
      TextKeepingSvg.Texts texts) {
    byte[] screen;
    byte[] png;
    byte[] svg;
    ByteArrayOutputStream pdf = new ByteArrayOutputStream();
    texts.add(chart.getTitle());
    texts.add(chart.getXAxisTitle());
    texts.add(chart.getYAxisTitle());
    texts.addAll(chart.getSeriesMap().keySet());
    AxesChartStyler styler = (AxesChartStyler) chart.getStyler();
    recordTickLabels(styler, texts);
    try {
      screen = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      png = style.dpi() == ChartStyle.SCREEN_DPI ? screen : highResolution(chart, style.dpi(), directory, baseName);
      svg = TextKeepingSvg.write(chart, texts, fonts(styler));
      VectorGraphicsEncoder.saveVectorGraphic(chart, pdf, VectorGraphicsEncoder.VectorGraphicsFormat.PDF);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the chart " + baseName + ": " + e.getMessage(), e);
    }
    Path pngFile = directory.resolve(baseName + ".png");
    Path svgFile = directory.resolve(baseName + ".svg");
    Path pdfFile = directory.resolve(baseName + ".pdf");
    OutputFiles.write(pngFile, true, png);
    OutputFiles.write(svgFile, true, svg);
    OutputFiles.write(pdfFile, true, pdf.toByteArray());
    return new ChartFiles(title, pngFile, svgFile, pdfFile, screen);
  }

  /** Formats the y axis' tick labels as XChart would, and notes each label for the SVG's text. */
  private static void recordTickLabels(AxesChartStyler styler, TextKeepingSvg.Texts texts) {
    java.util.function.Function<Double, String> format = styler.getyAxisTickLabelsFormattingFunction();
    if (format == null) {
      String pattern = styler.getYAxisDecimalPattern() != null ? styler.getYAxisDecimalPattern()
          : styler.getDecimalPattern() != null ? styler.getDecimalPattern() : "#,##0.##";
      java.text.DecimalFormat decimal = new java.text.DecimalFormat(pattern,
          java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
      format = decimal::format;
    }
    java.util.function.Function<Double, String> labels = format;
    styler.setyAxisTickLabelsFormattingFunction(value -> {
      String label = labels.apply(value);
      texts.add(label);
      return label;
    });
  }

  private static List<java.awt.Font> fonts(AxesChartStyler styler) {
    List<java.awt.Font> fonts = new ArrayList<>(List.of(styler.getChartTitleFont(), styler.getAxisTitleFont(),
        styler.getAxisTickLabelsFont(), styler.getLegendFont(), styler.getAnnotationTextFont()));
    if (styler instanceof org.knowm.xchart.style.CategoryStyler category) {
      fonts.add(category.getLabelsFont());
    }
    return fonts;
  }

  /** XChart's encoder scales the chart and records the resolution, but writes only to a named file. */
  private static byte[] highResolution(Chart<?, ?> chart, int dpi, Path directory, String baseName) throws IOException {
    Files.createDirectories(directory);
    Path scratch = Files.createTempFile(directory, "." + baseName + "-", ".png");
    try {
      BitmapEncoder.saveBitmapWithDPI(chart, scratch.toString(), BitmapEncoder.BitmapFormat.PNG, dpi);
      return Files.readAllBytes(scratch);
    } finally {
      Files.deleteIfExists(scratch);
    }
  }
}
