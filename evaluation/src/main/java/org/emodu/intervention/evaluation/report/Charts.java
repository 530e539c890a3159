package org.emodu.intervention.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.emodu.intervention.core.internal.OutputFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the experiment's charts with XChart and writes each as PNG and SVG, atomically: grouped
 * bars (BERTScore precision, recall and F1 per profile; prompt, completion and total tokens per
 * profile) and the fine-tuning loss curve. Runs headless; an existing chart of the same name is replaced.
 */
public final class Charts {

  public static final int WIDTH = 800;
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
   * Grouped bars: one group per category, one bar per series.
   *
   * @param values series name -> one value per category, in category order
   * @param decimalPattern how numbers are written on the bars and the axis, as {@link java.text.DecimalFormat}
   */
  public static ChartFiles bars(String title, String yAxis, List<String> categories, Map<String, List<Double>> values,
      Double yMax, String decimalPattern, Path directory, String baseName) {
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
    return write(chart, title, directory, baseName);
  }

  /** Training loss (faint), its smoothed curve and the validation loss by step. */
  public static ChartFiles lossCurve(TrainingCurve curve, double smoothing, Path directory, String baseName) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Fine-tuning loss")
        .xAxisTitle("step").yAxisTitle("loss").build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    addLine(chart, "training loss", curve.trainingLoss(), new Color(0x1f77b4, true), 1f, false).setFillColor(new Color(0x1f77b4));
    chart.getSeriesMap().get("training loss").setLineColor(new Color(31, 119, 180, 90));
    addLine(chart, "training loss, smoothed", curve.smoothedTrainingLoss(smoothing), new Color(0x1f77b4), 2.5f, false);
    if (!curve.validationLoss().isEmpty()) {
      addLine(chart, "validation loss", curve.validationLoss(), new Color(0xff7f0e), 2f, true);
    }
    return write(chart, "Fine-tuning loss", directory, baseName);
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

  private static void style(org.knowm.xchart.style.AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(0xe0e0e0));
    styler.setPlotBorderVisible(false);
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static ChartFiles write(Chart<?, ?> chart, String title, Path directory, String baseName) {
    byte[] png;
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    try {
      png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
      VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot draw the chart " + baseName + ": " + e.getMessage(), e);
    }
    Path pngFile = directory.resolve(baseName + ".png");
    Path svgFile = directory.resolve(baseName + ".svg");
    OutputFiles.write(pngFile, true, png);
    OutputFiles.write(svgFile, true, svg.toByteArray());
    return new ChartFiles(title, pngFile, svgFile, png);
  }
}
