package org.emodu.intervention.evaluation.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes a chart as SVG whose words are {@code <text>} elements, so that they can be searched,
 * selected and edited. XChart turns every text into its outline ({@code TextLayout.getOutline})
 * and fills that shape; this canvas knows the texts a chart may draw (its title, axis titles,
 * series names, categories, tick labels as they are formatted) in the fonts it draws them in, and
 * when a filled shape is exactly the outline of one of them, it draws the text instead. A shape it
 * does not recognise is filled as it is, so nothing is ever lost.
 */
final class TextKeepingSvg {

  private TextKeepingSvg() {}

  /** The texts a chart may draw, added to while it is painted (tick labels are formatted then). */
  static final class Texts {
    private final Set<String> texts = new LinkedHashSet<>();

    synchronized void add(String text) {
      if (text != null && !text.isBlank()) {
        texts.add(text);
      }
    }

    void addAll(Collection<String> more) {
      more.forEach(this::add);
    }

    synchronized List<String> snapshot() {
      return new ArrayList<>(texts);
    }
  }

  static byte[] write(Chart<?, ?> chart, Texts texts, List<Font> fonts) throws IOException {
    Canvas canvas = new Canvas(texts, fonts);
    chart.paint(canvas, chart.getWidth(), chart.getHeight());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SVGProcessor().getDocument(canvas.getCommands(), new PageSize(0, 0, chart.getWidth(), chart.getHeight()))
        .writeTo(out);
    return out.toByteArray();
  }

  /** A text's outline in a font at a rotation, and where that outline's bounds begin. */
  private record Drawn(String text, Font font, double rotation, double width, double height, double x, double y) {}

  private static final double[] ROTATIONS = {0, -Math.PI / 2, Math.PI / 2};

  /** Outlines match when their bounds agree this closely, in points; glyph paths are floats. */
  private static final double TOLERANCE = 0.05;

  private static final class Canvas extends VectorGraphics2D {
    private final Texts texts;
    private final List<Font> fonts;
    private final Set<String> measured = new LinkedHashSet<>();
    private final Map<String, List<Drawn>> outlines = new HashMap<>();

    Canvas(Texts texts, List<Font> fonts) {
      this.texts = texts;
      this.fonts = List.copyOf(fonts);
    }

    @Override
    public void fill(Shape shape) {
      String structure = structure(shape);
      Rectangle2D bounds = shape.getBounds2D();
      Drawn drawn = find(structure, bounds);
      if (drawn == null && measureNewTexts()) {
        drawn = find(structure, bounds);
      }
      if (drawn == null) {
        super.fill(shape);
        return;
      }
      Font font = getFont();
      java.awt.geom.AffineTransform transform = getTransform();
      setFont(drawn.font());
      translate(bounds.getX() - drawn.x(), bounds.getY() - drawn.y());
      rotate(drawn.rotation());
      drawString(drawn.text(), 0f, 0f);
      setTransform(transform);
      setFont(font);
    }

    private Drawn find(String structure, Rectangle2D bounds) {
      for (Drawn drawn : outlines.getOrDefault(structure, List.of())) {
        if (Math.abs(drawn.width() - bounds.getWidth()) < TOLERANCE
            && Math.abs(drawn.height() - bounds.getHeight()) < TOLERANCE) {
          return drawn;
        }
      }
      return null;
    }

    private boolean measureNewTexts() {
      boolean any = false;
      for (String text : texts.snapshot()) {
        if (measured.add(text)) {
          any = true;
          for (Font font : fonts) {
            TextLayout layout = new TextLayout(text, font, getFontRenderContext());
            for (double rotation : ROTATIONS) {
              Shape outline = layout.getOutline(java.awt.geom.AffineTransform.getRotateInstance(rotation));
              Rectangle2D bounds = outline.getBounds2D();
              outlines.computeIfAbsent(structure(outline), key -> new ArrayList<>()).add(new Drawn(text, font,
                  rotation, bounds.getWidth(), bounds.getHeight(), bounds.getX(), bounds.getY()));
            }
          }
        }
      }
      return any;
    }

    /** The sequence of the path's segment kinds: the same for a text's outline wherever it is drawn. */
    private static String structure(Shape shape) {
      StringBuilder key = new StringBuilder(128);
      double[] coordinates = new double[6];
      for (PathIterator path = shape.getPathIterator(null); !path.isDone(); path.next()) {
        key.append((char) ('0' + path.currentSegment(coordinates)));
      }
      return key.toString();
    }
  }
}
