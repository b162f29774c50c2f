// Reads record batches with Kafka's own Java client classes (the reference implementation):
//   java -cp <kafka-clients + codecs> RecordBatchCheck.java <in> <out> <codec,codec,...>
// For every batch in <in>: ensureValid() (CRC etc.), print one JSON line describing the header and
// records; re-encode each data batch with every listed codec into <out>, then append a COMMIT
// marker built by Kafka. Byte payloads are printed as hex, header keys as UTF-8 hex.
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.ControlRecordType;
import org.apache.kafka.common.record.EndTransactionMarker;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.MemoryRecordsBuilder;
import org.apache.kafka.common.record.MutableRecordBatch;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;

public class RecordBatchCheck {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(ByteBuffer b) {
    if (b == null) return "null";
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return "\"" + HEX.formatHex(bytes) + "\"";
  }

  public static void main(String[] args) throws Exception {
    MemoryRecords input = MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))));
    String[] codecs = args.length > 2 && !args[2].isEmpty() ? args[2].split(",") : new String[0];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringBuilder json = new StringBuilder();
    for (MutableRecordBatch batch : input.batches()) {
      batch.ensureValid();
      json.append("{\"baseOffset\":").append(batch.baseOffset())
          .append(",\"lastOffset\":").append(batch.lastOffset())
          .append(",\"partitionLeaderEpoch\":").append(batch.partitionLeaderEpoch())
          .append(",\"compression\":").append(batch.compressionType().id)
          .append(",\"transactional\":").append(batch.isTransactional())
          .append(",\"control\":").append(batch.isControlBatch())
          .append(",\"timestampType\":").append(batch.timestampType().id)
          .append(",\"maxTimestamp\":").append(batch.maxTimestamp())
          .append(",\"producerId\":").append(batch.producerId())
          .append(",\"producerEpoch\":").append(batch.producerEpoch())
          .append(",\"baseSequence\":").append(batch.baseSequence())
          .append(",\"count\":").append(batch.countOrNull())
          .append(",\"records\":[");
      boolean first = true;
      for (Record r : batch) {
        r.ensureValid();
        json.append(first ? "" : ",").append("{\"offset\":").append(r.offset())
            .append(",\"timestamp\":").append(r.timestamp())
            .append(",\"key\":").append(hex(r.key()))
            .append(",\"value\":").append(hex(r.value()))
            .append(",\"headers\":[");
        Header[] headers = r.headers();
        for (int i = 0; i < headers.length; i++) {
          byte[] v = headers[i].value();
          json.append(i == 0 ? "" : ",").append("[\"")
              .append(HEX.formatHex(headers[i].key().getBytes(java.nio.charset.StandardCharsets.UTF_8))).append("\",")
              .append(v == null ? "null" : "\"" + HEX.formatHex(v) + "\"").append("]");
        }
        json.append("]");
        if (batch.isControlBatch()) {
          ControlRecordType type = ControlRecordType.parse(r.key());
          json.append(",\"controlType\":\"").append(type.name()).append("\"");
          if (type == ControlRecordType.COMMIT || type == ControlRecordType.ABORT) {
            json.append(",\"coordinatorEpoch\":").append(EndTransactionMarker.deserialize(r).coordinatorEpoch());
          }
        }
        json.append("}");
        first = false;
      }
      json.append("]}\n");
      if (batch.isControlBatch()) continue;
      for (String codec : codecs) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
            Compression.of(CompressionType.forName(codec)).build(), batch.timestampType(), batch.baseOffset(),
            RecordBatch.NO_TIMESTAMP, batch.producerId(), batch.producerEpoch(), batch.baseSequence(),
            batch.isTransactional(), batch.partitionLeaderEpoch());
        for (Record r : batch) builder.appendWithOffset(r.offset(), r.timestamp(), r.key(), r.value(), r.headers());
        ByteBuffer built = builder.build().buffer();
        out.write(built.array(), built.arrayOffset() + built.position(), built.remaining());
      }
    }
    ByteBuffer marker = MemoryRecords.withEndTransactionMarker(77L, 1234L, 3, 4242L, (short) 5,
        new EndTransactionMarker(ControlRecordType.COMMIT, 9)).buffer();
    out.write(marker.array(), marker.arrayOffset() + marker.position(), marker.remaining());
    Files.write(Path.of(args[1]), out.toByteArray());
    System.out.print(json);
  }
}
