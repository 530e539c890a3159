package org.emodu.intervention.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class BlockingWorkTest {

  @Test
  void joinReturnsTheValueAndThrowsAFailureAsABlockingCallWould() {
    IllegalStateException failure = new IllegalStateException("the model is down");
    StackOverflowError error = new StackOverflowError();
    IOException checked = new IOException("closed");

    assertThat(BlockingWork.join(CompletableFuture.completedFuture("Semangat Budi!"))).isEqualTo("Semangat Budi!");
    assertThatThrownBy(() -> BlockingWork.join(CompletableFuture.failedFuture(failure))).isSameAs(failure);
    assertThatThrownBy(() -> BlockingWork.join(CompletableFuture.failedFuture(error))).isSameAs(error);
    // A checked failure has no unwrapped form: it stays in its CompletionException.
    assertThatThrownBy(() -> BlockingWork.join(CompletableFuture.failedFuture(checked)))
        .isInstanceOf(CompletionException.class).hasCause(checked);
  }
}
