package org.emodu.intervention.evaluation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The toolkit's version as the build stamped it, for the BERTScore hash and reports. */
public final class ToolkitVersion {

  private static final String VERSION = load();

  private ToolkitVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ToolkitVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "development";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "development").strip();
      // An unfiltered resource (a build outside Maven) still carries the placeholder.
      return version.isEmpty() || version.startsWith("${") ? "development" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the toolkit's version resource", e);
    }
  }
}
