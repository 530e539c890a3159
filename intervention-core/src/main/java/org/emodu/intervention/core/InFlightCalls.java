package org.emodu.intervention.core;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Lets a caller who stopped waiting for a model answer stop the HTTP work behind it, retries
 * included.
 *
 * <p>The SDK does not carry a cancelled future down to its HTTP call: its retry loop chains a new
 * future for every attempt, so the call runs on to its timeout and is then retried, as if someone
 * still waited, and each attempt may be billed. So every asynchronous chat request is tagged with
 * an id in a header the SDK passes through untouched ({@value #HEADER}); this interceptor, installed
 * in the SDK's OkHttp client, strips the header before anything is sent, remembers which OkHttp call
 * carries the id, and refuses further attempts once the id is {@linkplain #cancel cancelled}. A
 * refused attempt fails at once without touching the network; the SDK may still retry it, which
 * costs a backoff timer and nothing else.
 */
final class InFlightCalls implements Interceptor {

  /** The header that carries the id from the request parameters to this interceptor; never sent. */
  static final String HEADER = "X-Intervensi-Call";

  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<String, Tracked> calls = new ConcurrentHashMap<>();

  /** A new id for one request, its attempts included; {@link #forget} it once the request is over. */
  String open() {
    String id = Long.toString(ids.incrementAndGet());
    calls.put(id, new Tracked());
    return id;
  }

  /** Stops the request's current attempt, if any, and refuses all later ones. */
  void cancel(String id) {
    Tracked tracked = calls.get(id);
    if (tracked == null) {
      return;
    }
    tracked.cancelled = true;
    Call call = tracked.call;
    if (call != null) {
      call.cancel();
    }
  }

  /** The request is over (answered, failed or refused): nothing to remember. */
  void forget(String id) {
    calls.remove(id);
  }

  /** How many requests are open, for tests. */
  int size() {
    return calls.size();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String id = request.header(HEADER);
    if (id == null) {
      return chain.proceed(request);
    }
    Request untagged = request.newBuilder().removeHeader(HEADER).build();
    Tracked tracked = calls.get(id);
    if (tracked == null) {
      return chain.proceed(untagged);
    }
    Call call = chain.call();
    tracked.call = call;
    // Read after publishing the call: a cancel in between either sees the call or is seen here.
    if (tracked.cancelled) {
      tracked.call = null;
      throw new IOException("Canceled: nobody waits for this answer any more");
    }
    try {
      return chain.proceed(untagged);
    } finally {
      tracked.call = null;
    }
  }

  private static final class Tracked {
    volatile boolean cancelled;
    volatile Call call;
  }
}
