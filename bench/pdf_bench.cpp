// Rendering receipts (回执) as PDF: the one-page receipt every approved
// institution downloads, and a four-page one with an 80-row project table.
// Measured on the 2-core build machine the reference is ~23 ms for a
// one-page Chinese PDF with a QR code (shared/ENVIRONMENT.md).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "docs/pdf.hpp"
#include "docs/qr.hpp"

namespace {

using zxkh::docs::PdfDocument;

PdfDocument Receipt(int rows) {
  zxkh::docs::PageOptions options;
  options.creation_date = "2024-05-20T09:30:00+08:00";
  PdfDocument doc(options);
  doc.Title("考核机构遴选结果回执");
  doc.Subtitle("青人社专考〔2024〕17 号");
  doc.KeyValues({{"机构代码", "Z370211P001"},
                 {"机构名称", "青岛西海岸新区职业技能培训学校"},
                 {"统一社会信用代码", "52370211MJD123456X"},
                 {"所在区（市）", "黄岛区"}});
  zxkh::docs::TextStyle body;
  body.first_line_indent_em = 2;
  doc.Paragraph(
      "经申报、资格审核、专家评审和公示，贵单位被确定为青岛市专项职业能力考核"
      "机构，承担下列专项职业能力考核项目。请按照《青岛市专项职业能力考核管理"
      "办法》组织考核，确保考核质量。",
      body);
  const char* projects[] = {"胶东花饽饽制作", "青岛剪纸", "西式面点制作",
                            "家政服务", "茶艺"};
  std::vector<std::vector<std::string>> table;
  for (int i = 1; i <= rows; ++i) {
    table.push_back({std::to_string(i), "ZX3702" + std::to_string(1000 + i),
                     projects[i % 5], "黄岛区", "2024-05-20"});
  }
  doc.Table({"序号", "项目代码", "项目名称", "考核地点", "批准日期"}, table,
            {0.7, 1.6, 4, 1.3, 1.6});
  auto qr = zxkh::docs::EncodeQr(
      "https://zxkh.qingdao.gov.cn/verify/receipt/Z370211P001?h=9f2c41d0");
  if (qr.ok()) doc.Qr(*qr, 25, "扫码核验回执真伪");
  doc.SignatureBlock("青岛市人力资源和社会保障局", "2024年5月20日");
  doc.SetFooter("回执编号 HZ-2024-000173");
  return doc;
}

void Render(benchmark::State& state) {
  const PdfDocument doc = Receipt(static_cast<int>(state.range(0)));
  size_t bytes = 0;
  for (auto _ : state) {
    auto pdf = doc.Render();
    if (!pdf.ok()) {
      state.SkipWithError(pdf.status().ToString().c_str());
      break;
    }
    bytes = pdf->size();
    benchmark::DoNotOptimize(pdf->data());
  }
  state.counters["pdf_bytes"] = static_cast<double>(bytes);
  if (auto pages = doc.PageCount(); pages.ok()) {
    state.counters["pages"] = *pages;
  }
}
// 5 rows: one page. 80 rows: four pages.
BENCHMARK(Render)->Arg(5)->Arg(80)->Unit(benchmark::kMillisecond);

// Building the document as a use case would, then rendering it.
void BuildAndRender(benchmark::State& state) {
  for (auto _ : state) {
    auto pdf = Receipt(5).Render();
    benchmark::DoNotOptimize(pdf);
  }
}
BENCHMARK(BuildAndRender)->Unit(benchmark::kMillisecond);

void EncodeQr(benchmark::State& state) {
  for (auto _ : state) {
    auto qr = zxkh::docs::EncodeQr(
        "https://zxkh.qingdao.gov.cn/verify/receipt/Z370211P001?h=9f2c41d0");
    benchmark::DoNotOptimize(qr);
  }
}
BENCHMARK(EncodeQr);

}  // namespace
