package org.emodu.intervention.evaluation.report;

import java.nio.file.Path;
import java.util.Objects;

/** A chart as written: the PNG and SVG renderings and the PNG's bytes for embedding. */
public record ChartFiles(String title, Path png, Path svg, byte[] pngBytes) {

  public ChartFiles {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(svg, "svg");
    pngBytes = pngBytes.clone();
  }

  @Override
  public byte[] pngBytes() {
    return pngBytes.clone();
  }
}
