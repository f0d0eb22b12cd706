// Runs EPUBCheck on several books in one JVM: its start-up costs far more than one check.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class BatchCheck {
  public static void main(String[] args) {
    for (String path : args) {
      System.err.println("BEGIN\t" + path);
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).doValidate();
      System.err.println("RESULT\t" + report.getFatalErrorCount() + "\t" + report.getErrorCount()
          + "\t" + report.getWarningCount() + "\t" + path);
    }
  }
}
