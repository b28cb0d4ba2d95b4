import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.JsonRuleCompiler;
import java.io.*;

public class Oracle {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode c = mapper.readTree(line);
      String pattern = c.get("pattern").asText();
      String event = c.get("event").asText();
      ObjectNode r = mapper.createObjectNode();
      String problem = JsonRuleCompiler.check(pattern);
      if (problem != null) r.put("error", problem);
      else {
        try {
          Machine m = new Machine();
          m.addRule("r", pattern);
          r.put("match", !m.rulesForJSONEvent(event).isEmpty());
        } catch (Exception e) { r.put("error", "runtime: " + e); }
      }
      out.println(mapper.writeValueAsString(r));
    }
  }
}
