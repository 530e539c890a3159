package org.emodu.intervention.core.openai;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Lets a caller who stopped waiting for a model answer stop the HTTP work behind it, retries
 * included, and keeps a request whose attempt timed out from being sent again.
 *
 * <p>The SDK does not carry a cancelled future down to its HTTP call: its retry loop chains a new
 * future for every attempt, so the call runs on to its timeout and is then retried, as if someone
 * still waited, and each attempt may be billed. So every asynchronous chat request is tagged with
 * an id in a header the SDK passes through untouched ({@value #HEADER}); this interceptor, installed
 * in the SDK's OkHttp client, strips the header before anything is sent, remembers which OkHttp call
 * carries the id, and once the id is {@linkplain #cancel cancelled} cancels that call. OkHttp
 * reports a cancelled call as an I/O error, which the SDK retries once more after its backoff; that
 * attempt, like any started after the cancel, ends at once without touching the network, in a local
 * answer the SDK does not retry: status {@value #CANCELLED_STATUS} with {@code X-Should-Retry:
 * false}, the header its retry loop obeys.
 *
 * <p>An attempt that runs out of time (OkHttp's call timeout, which cancels the call) is treated
 * alike: the SDK would send the request again, and a model that did not answer in the whole
 * timeout once rarely does the next time, so the user would wait three timeouts for one failure.
 * The attempt after it is answered locally, status {@value #TIMED_OUT_STATUS} with {@value
 * #TIMED_OUT_HEADER}, which {@link OpenAiErrors} reports as the timeout it is. Connection failures,
 * rate limits and server errors are still retried by the SDK.
 */
final class InFlightCalls implements Interceptor {

  /** The header that carries the id from the request parameters to this interceptor; never sent. */
  static final String HEADER = "X-Intervensi-Call";

  /** The status of the local answer to a cancelled request (nginx's "client closed request"). */
  static final int CANCELLED_STATUS = 499;

  /** The status of the local answer that follows an attempt that timed out (HTTP's "Request Timeout"). */
  static final int TIMED_OUT_STATUS = 408;

  /** Marks that local answer, so that it is reported as a timeout that was not retried. */
  static final String TIMED_OUT_HEADER = "X-Intervensi-Timed-Out";

  private static final MediaType JSON = MediaType.get("application/json");
  private static final String TIMED_OUT_BODY =
      "{\"error\":{\"message\":\"the attempt before timed out; not sent again\",\"type\":\"timeout\"}}";
  private static final String CANCELLED_BODY =
      "{\"error\":{\"message\":\"cancelled: nobody waits for this answer any more\",\"type\":\"cancelled\"}}";

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
    try {
      // Read after publishing the call: a cancel in between either sees the call or is seen here.
      if (tracked.cancelled) {
        return cancelled(untagged);
      }
      if (tracked.timedOut) {
        return timedOut(untagged);
      }
      return chain.proceed(untagged);
    } catch (IOException e) {
      if (tracked.cancelled) {
        return cancelled(untagged);
      }
      if (call.isCanceled()) {
        // Cancelled, and not by us: OkHttp's call timeout ran out.
        tracked.timedOut = true;
      }
      throw e;
    } finally {
      tracked.call = null;
    }
  }

  /** The local answer for a cancelled request: final, so that the SDK does not try again. */
  private static Response cancelled(Request request) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(CANCELLED_STATUS)
        .message("Cancelled")
        .header("X-Should-Retry", "false")
        .body(ResponseBody.create(CANCELLED_BODY, JSON))
        .build();
  }

  /** The local answer for the attempt after one that timed out: final, and marked as a timeout. */
  private static Response timedOut(Request request) {
    return new Response.Builder()
        .request(request)
        .protocol(Protocol.HTTP_1_1)
        .code(TIMED_OUT_STATUS)
        .message("Request Timeout")
        .header("X-Should-Retry", "false")
        .header(TIMED_OUT_HEADER, "true")
        .body(ResponseBody.create(TIMED_OUT_BODY, JSON))
        .build();
  }

  private static final class Tracked {
    volatile boolean cancelled;
    volatile boolean timedOut;
    volatile Call call;
  }
}
