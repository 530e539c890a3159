package org.emodu.intervention.core;

/** The listener {@link Progress#none()} returns. */
enum SilentProgress implements Progress {
  INSTANCE;

  @Override
  public void start(String task, long total, long alreadyDone) {}

  @Override
  public void step(long count, String status) {}

  @Override
  public void finish() {}
}
