package org.emodu.intervention.evaluation.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A chart as written: the PNG (at the style's resolution), PDF and SVG renderings, and a PNG at a
 * pixel a point for embedding in a page.
 *
 * @param title the chart's title, as its caption
 * @param png the PNG file
 * @param svg the SVG file
 * @param pdf the PDF file
 * @param pngBytes the chart as PNG at a pixel a point ({@link Charts#WIDTH} by {@link Charts#HEIGHT})
 */
public record ChartFiles(String title, Path png, Path svg, Path pdf, byte[] pngBytes) {

  public ChartFiles {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(svg, "svg");
    Objects.requireNonNull(pdf, "pdf");
    pngBytes = pngBytes.clone();
  }

  @Override
  public byte[] pngBytes() {
    return pngBytes.clone();
  }
}
