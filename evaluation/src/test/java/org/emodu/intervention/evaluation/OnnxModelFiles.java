package org.emodu.intervention.evaluation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes tiny ONNX models for tests, encoding the ONNX protobuf messages by hand so that tests can
 * give ONNX Runtime a model with known weights, or with the wrong outputs or inputs, without any
 * export tool.
 */
final class OnnxModelFiles {

  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private OnnxModelFiles() {}

  /**
   * An encoder whose {@code last_hidden_state} is a lookup of each token id in {@code table} (row i
   * is the vector of token id i), taking {@code input_ids}, {@code attention_mask} and
   * {@code token_type_ids}.
   */
  static byte[] lookupEncoder(float[][] table) {
    int dimension = table[0].length;
    ByteBuffer values = ByteBuffer.allocate(table.length * dimension * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : table) {
      for (float value : row) {
        values.putFloat(value);
      }
    }
    Message initializer = new Message()
        .varint(1, table.length).varint(1, dimension)
        .varint(2, FLOAT)
        .string(8, "table")
        .bytes(9, values.array());
    Message gather = new Message().string(1, "table").string(1, "input_ids").string(2, "last_hidden_state")
        .string(3, "lookup").string(4, "Gather");
    Message graph = new Message()
        .message(1, gather)
        .string(2, "lookup-encoder")
        .message(5, initializer)
        .message(11, tensor("input_ids", INT64, "batch", "tokens"))
        .message(11, tensor("attention_mask", INT64, "batch", "tokens"))
        .message(11, tensor("token_type_ids", INT64, "batch", "tokens"))
        .message(12, tensor("last_hidden_state", FLOAT, "batch", "tokens", Integer.toString(dimension)));
    return model(graph);
  }

  /** A model whose only output is a pooled {@code sentence_embedding}, which BERTScore cannot use. */
  static byte[] pooledOnly() {
    Message identity = new Message().string(1, "input_ids").string(2, "sentence_embedding").string(4, "Identity");
    Message graph = new Message()
        .message(1, identity)
        .string(2, "pooled")
        .message(11, tensor("input_ids", INT64, "batch", "tokens"))
        .message(12, tensor("sentence_embedding", INT64, "batch", "tokens"));
    return model(graph);
  }

  /** A model with the right output that needs an input no BERT-family encoder has. */
  static byte[] foreignInput() {
    Message identity = new Message().string(1, "pixel_values").string(2, "last_hidden_state").string(4, "Identity");
    Message graph = new Message()
        .message(1, identity)
        .string(2, "foreign")
        .message(11, tensor("input_ids", INT64, "batch", "tokens"))
        .message(11, tensor("pixel_values", FLOAT, "batch", "tokens", "4"))
        .message(12, tensor("last_hidden_state", FLOAT, "batch", "tokens", "4"));
    return model(graph);
  }

  private static byte[] model(Message graph) {
    Message opset = new Message().string(1, "").varint(2, 13);
    return new Message()
        .varint(1, 8)
        .string(2, "intervensi-tests")
        .message(7, graph)
        .message(8, opset)
        .toBytes();
  }

  private static Message tensor(String name, int elementType, String... dimensions) {
    Message shape = new Message();
    for (String dimension : dimensions) {
      Message dim = dimension.chars().allMatch(Character::isDigit)
          ? new Message().varint(1, Long.parseLong(dimension))
          : new Message().string(2, dimension);
      shape.message(1, dim);
    }
    Message tensorType = new Message().varint(1, elementType).message(2, shape);
    Message type = new Message().message(1, tensorType);
    return new Message().string(1, name).message(2, type);
  }

  /** A protobuf message under construction: fields appended in order. */
  private static final class Message {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Message varint(int field, long value) {
      key(field, 0);
      writeVarint(value);
      return this;
    }

    Message string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Message bytes(int field, byte[] value) {
      key(field, 2);
      writeVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Message message(int field, Message value) {
      return bytes(field, value.toBytes());
    }

    byte[] toBytes() {
      return out.toByteArray();
    }

    private void key(int field, int wireType) {
      writeVarint(((long) field << 3) | wireType);
    }

    private void writeVarint(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
