package org.emodu.intervention.evaluation.report;

import java.util.Objects;

/**
 * How charts are drawn: the language of their labels and the resolution of the PNG files. Every
 * chart is laid out at {@link Charts#WIDTH} by {@link Charts#HEIGHT} points; a PNG file at
 * {@code dpi} dots per inch holds {@code dpi / 72} pixels per point (300 dpi: 3,333 by 2,000
 * pixels) and says its resolution in its {@code pHYs} chunk. The PDF and SVG files are vectors.
 *
 * @param language the labels' language
 * @param dpi the PNG files' resolution, from 72 (a pixel a point) to 600
 */
public record ChartStyle(ReportLanguage language, int dpi) {

  /** The resolution of a PNG file at a pixel a point. */
  public static final int SCREEN_DPI = 72;

  /** The resolution print asks for. */
  public static final int PRINT_DPI = 300;

  public ChartStyle {
    Objects.requireNonNull(language, "language");
    if (dpi < SCREEN_DPI || dpi > 600) {
      throw new IllegalArgumentException("a chart's resolution must be from 72 to 600 dpi, got " + dpi);
    }
  }

  /** English labels, a pixel a point. */
  public static ChartStyle screen() {
    return new ChartStyle(ReportLanguage.ENGLISH, SCREEN_DPI);
  }

  /** Labels in {@code language}, 300 dpi. */
  public static ChartStyle print(ReportLanguage language) {
    return new ChartStyle(language, PRINT_DPI);
  }
}
