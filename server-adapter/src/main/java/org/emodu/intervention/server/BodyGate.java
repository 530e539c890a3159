package org.emodu.intervention.server;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.emodu.intervention.core.internal.RequestIds;

/**
 * Reads every request body in full before Javalin sees the request, without a thread waiting while
 * the body arrives: Javalin reads bodies with blocking I/O, and a client that sends a body's first
 * bytes and then stops would hold one of Jetty's threads (250 of them) for as long as it stays.
 * Here a body is read as its bytes come in, and the request is handed on, with the body in memory,
 * once the last byte is there.
 *
 * <p>Before a byte of the body is read (and so before {@code 100 Continue} is sent), a request is
 * refused when its declared {@code Content-Length} is over the limit (413), or when it lacks a
 * configured token or is past its client's rate (401, 429, as {@link Guard} decides). A body that
 * has to wait for more bytes counts among the bodies arriving; past their bound it is refused 503
 * with {@code Retry-After}. A body that stops arriving for the idle timeout is answered 408, and
 * one that turns out longer than the limit 413. A refused body is read and dropped, up to
 * {@link ServerOptions#MAX_DRAINED_BYTES}, after its answer is sent (not when the client waits for
 * {@code 100 Continue}): a connection closed with unread bytes is reset, which can destroy the
 * answer before the client reads it. Every refusal closes the connection.
 */
final class BodyGate extends Handler.Wrapper {

  /** How long a body may pause before it is answered 408, by default. */
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How many bodies may be arriving at once, by default: as many as connections the server queues
   * ({@link InterventionServer#ACCEPT_QUEUE}). Each holds at most the body limit in memory, 16 MiB
   * for all of them.
   */
  static final int DEFAULT_MAX_PENDING = InterventionServer.ACCEPT_QUEUE;

  /** Told of each request the gate answers itself, for the access log and the metrics. */
  interface Refusals {
    void refused(String requestId, String method, String path, int status, long nanos);
  }

  private final Guard guard;
  private final Cors cors;
  private final int maxBodyBytes;
  private final int maxPending;
  private final Duration idleTimeout;
  private final Refusals refusals;
  private final AtomicInteger pending = new AtomicInteger();

  BodyGate(Guard guard, Cors cors, int maxBodyBytes, int maxPending, Duration idleTimeout, Refusals refusals) {
    this.guard = guard;
    this.cors = cors;
    this.maxBodyBytes = maxBodyBytes;
    this.maxPending = maxPending;
    this.idleTimeout = idleTimeout;
    this.refusals = refusals;
  }

  /** Bodies being read or dropped now. */
  int pending() {
    return pending.get();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Handler next = getHandler();
    if (next == null || !expectsContent(request)) {
      return next != null && next.handle(request, response, callback);
    }
    long start = System.nanoTime();
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      refuse(request, response, callback, Requests.tooLarge(maxBodyBytes), start, drainable(request, declared));
      return true;
    }
    String path = Request.getPathInContext(request);
    if (Endpoints.guarded(path, request.getMethod()) && (guard.authenticates() || guard.limits())) {
      try {
        guard.admit(guard.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION), Request.getRemoteAddr(request)));
      } catch (ApiError refusal) {
        refuse(request, response, callback, refusal, start, drainable(request, declared));
        return true;
      }
      request.setAttribute(Endpoints.GUARDED, Boolean.TRUE);
    }
    new Body(next, request, response, callback, start).run();
    return true;
  }

  private static boolean expectsContent(Request request) {
    for (HttpField field : request.getHeaders()) {
      HttpHeader header = field.getHeader();
      if (header == HttpHeader.CONTENT_LENGTH && field.getLongValue() > 0) {
        return true;
      }
      if (header == HttpHeader.TRANSFER_ENCODING) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether to read and drop a refused body after its answer: not when the client waits for
   * {@code 100 Continue} (it has sent nothing, and reading would invite it to), nor when the
   * declared body is larger than is worth reading.
   */
  private boolean drainable(Request request, long declared) {
    return declared <= ServerOptions.MAX_DRAINED_BYTES
        && !request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString());
  }

  /** Answers the request with this error and closes the connection, dropping the body first when asked. */
  private void refuse(Request request, Response response, Callback callback, ApiError error, long start, boolean drain) {
    if (drain) {
      Body body = new Body(null, request, response, callback, start);
      body.answer(error);
      body.run();
      return;
    }
    String requestId = RequestIds.next();
    cors.headers(request.getHeaders().get(HttpHeader.ORIGIN)).forEach(response.getHeaders()::put);
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
    Responses.send(response, error, requestId, callback);
    refusals.refused(requestId, request.getMethod(), Request.getPathInContext(request), error.status(),
        System.nanoTime() - start);
  }

  /**
   * One body as it arrives: kept, up to the limit, to hand on with the request; or, once the
   * request is refused, dropped until its end, the drain limit or the idle timeout. A refused
   * request ends once its answer is sent and its body is over.
   */
  private final class Body implements Runnable {
    private final Handler next;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final long start;
    private final Scheduler scheduler;
    private final long idleNanos = idleTimeout.toNanos();
    private Mode mode;
    private byte[] bytes;
    private int size;
    private long dropped;
    private boolean answerSent;
    private boolean demanding;
    private boolean completed;
    private boolean counted;
    private long lastProgress = System.nanoTime();
    private Scheduler.Task timer;

    /** {@code next} null: the body of a refused request, to drop. */
    Body(Handler next, Request request, Response response, Callback callback, long start) {
      this.next = next;
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.start = start;
      this.scheduler = request.getComponents().getScheduler();
      this.mode = next == null ? Mode.DROP : Mode.KEEP;
      this.bytes = next == null ? null : new byte[1024];
    }

    /** The callback of a refusal's answer. */
    Callback answered() {
      return Callback.from(() -> {
        boolean over;
        synchronized (this) {
          answerSent = true;
          over = mode == Mode.OVER;
        }
        if (over) {
          complete(null);
        }
      }, this::complete);
    }

    /** Reads what has arrived; Jetty calls it again, on one of its threads, each time more arrives. */
    @Override
    public void run() {
      while (true) {
        synchronized (this) {
          demanding = false;
          if (completed || mode == Mode.OVER) {
            return;
          }
        }
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          boolean admitted;
          Mode current;
          synchronized (this) {
            if (completed || mode == Mode.OVER) {
              return;
            }
            current = mode;
            admitted = waiting();
            demanding = admitted;
          }
          if (admitted) {
            request.demand(this);
          } else if (current == Mode.KEEP) {
            busy();
          } else {
            over();
          }
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          if (chunk.isLast()) {
            // The client went away, or its connection failed: nobody is left to answer.
            complete(chunk.getFailure());
          } else {
            // Jetty's own idle timeout, should it come first.
            idle();
          }
          return;
        }
        boolean last = chunk.isLast();
        boolean tooLong = false;
        boolean whole = false;
        boolean enough = false;
        synchronized (this) {
          if (completed || mode == Mode.OVER) {
            chunk.release();
            return;
          }
          lastProgress = System.nanoTime();
          int count = chunk.remaining();
          if (mode == Mode.KEEP && size + (long) count > maxBodyBytes) {
            mode = Mode.DROP;
            bytes = null;
            tooLong = true;
          }
          if (mode == Mode.KEEP) {
            keep(chunk.getByteBuffer());
            whole = last;
            completed = whole;
          } else {
            dropped += count;
            // Past the drain limit the client may lose the answer to a reset, rather than the server read on.
            enough = last || dropped > ServerOptions.MAX_DRAINED_BYTES;
          }
        }
        chunk.release();
        if (tooLong) {
          answer(Requests.tooLarge(maxBodyBytes));
        }
        if (whole) {
          handOn();
          return;
        }
        if (enough) {
          over();
          return;
        }
      }
    }

    /**
     * The body must wait for more bytes: counted among the bodies arriving (and timed) the first
     * time, or refused when {@link #maxPending} are arriving already. Bodies that come whole with
     * their request, as nearly all do, are never counted.
     */
    private boolean waiting() {
      if (counted) {
        return true;
      }
      if (pending.incrementAndGet() > maxPending) {
        pending.decrementAndGet();
        return false;
      }
      counted = true;
      timer = scheduler.schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
      return true;
    }

    private void busy() {
      synchronized (this) {
        mode = Mode.OVER;
        bytes = null;
      }
      answer(ApiError.of(503, "busy", "too many request bodies are arriving at once; retry shortly")
          .withHeader("Retry-After", "1"));
    }

    private void keep(ByteBuffer buffer) {
      int count = buffer.remaining();
      if (size + count > bytes.length) {
        byte[] larger = new byte[Math.min(maxBodyBytes, Math.max(bytes.length * 2, size + count))];
        System.arraycopy(bytes, 0, larger, 0, size);
        bytes = larger;
      }
      buffer.get(bytes, size, count);
      size += count;
    }

    /** Hands the request on with its whole body; {@code completed} is set already. */
    private void handOn() {
      release();
      Request buffered = new BufferedRequest(request, ByteBuffer.wrap(bytes, 0, size));
      try {
        if (!next.handle(buffered, response, callback)) {
          Response.writeError(buffered, response, callback, 404);
        }
      } catch (Throwable failure) {
        Response.writeError(buffered, response, callback, failure);
      }
    }

    private void answer(ApiError error) {
      String requestId = RequestIds.next();
      cors.headers(request.getHeaders().get(HttpHeader.ORIGIN)).forEach(response.getHeaders()::put);
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
      Responses.send(response, error, requestId, answered());
      refusals.refused(requestId, request.getMethod(), Request.getPathInContext(request), error.status(),
          System.nanoTime() - start);
    }

    /** No more of the body will be read; a refused request ends once its answer is sent. */
    private void over() {
      boolean sent;
      synchronized (this) {
        mode = Mode.OVER;
        sent = answerSent;
      }
      if (sent) {
        complete(null);
      }
    }

    private void checkIdle() {
      synchronized (this) {
        if (completed || mode == Mode.OVER) {
          return;
        }
        long idleFor = System.nanoTime() - lastProgress;
        if (idleFor < idleNanos) {
          timer = scheduler.schedule(this::checkIdle, idleNanos - idleFor, TimeUnit.NANOSECONDS);
          return;
        }
      }
      idle();
    }

    /** The body stopped arriving: answered 408 unless it was refused already, then the request ends. */
    private void idle() {
      boolean keeping;
      synchronized (this) {
        if (completed || mode == Mode.OVER) {
          return;
        }
        keeping = mode == Mode.KEEP;
        bytes = null;
        if (keeping) {
          mode = Mode.OVER;
        }
      }
      if (keeping) {
        answer(ApiError.ofField(408, "body_timeout", "body", "the body stopped arriving for "
            + idleTimeout.toMillis() + " ms; send the whole body at once"));
      } else {
        over();
      }
    }

    /** Ends the request: successfully once a refusal's answer is sent, or with the failure that ended it. */
    private void complete(Throwable failure) {
      boolean readPending;
      synchronized (this) {
        if (completed) {
          return;
        }
        completed = true;
        readPending = demanding;
      }
      release();
      if (failure == null && !readPending) {
        callback.succeeded();
      } else {
        // A read still waits for bytes that will not come; failing the request closes the connection.
        callback.failed(failure != null ? failure : new TimeoutException("the body stopped arriving"));
      }
    }

    /** Stops the timer and leaves the bodies arriving, once the request is completed. */
    private void release() {
      Scheduler.Task task;
      boolean wasCounted;
      synchronized (this) {
        task = timer;
        timer = null;
        wasCounted = counted;
        counted = false;
      }
      if (task != null) {
        task.cancel();
      }
      if (wasCounted) {
        pending.decrementAndGet();
      }
    }
  }

  private enum Mode {
    /** Reading the body to hand on. */
    KEEP,
    /** Reading the body of a refused request to drop it. */
    DROP,
    /** Reading no more. */
    OVER
  }

  /** The request with its whole body in memory: read returns it at once, then the end. */
  private static final class BufferedRequest extends Request.Wrapper {
    private ByteBuffer body;

    BufferedRequest(Request wrapped, ByteBuffer body) {
      super(wrapped);
      this.body = body;
    }

    @Override
    public Content.Chunk read() {
      synchronized (this) {
        if (body != null) {
          ByteBuffer whole = body;
          body = null;
          return Content.Chunk.from(whole, true);
        }
      }
      return Content.Chunk.EOF;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }

    @Override
    public boolean consumeAvailable() {
      synchronized (this) {
        body = null;
      }
      return true;
    }
  }
}
