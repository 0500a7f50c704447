// The dashboard's look: calm neutrals, one blue for data, the four rating colours, generous
// spacing and tabular figures. Fonts are the system's (machines may be offline).
#include "dashboard/stylesheet.hpp"

namespace hymy::hq {

const char* const kDashboardCss = R"css(
:root{--bg:#f4f6f8;--card:#fff;--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--blue:#1f5f8b;
--r1:#c8553d;--r2:#e9a23b;--r3:#86b86b;--r4:#2f855a;--ok:#2f855a;--warn:#b7791f}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;background:var(--bg);color:var(--ink);line-height:1.45;
font-family:"Inter","Segoe UI",system-ui,-apple-system,Roboto,"Noto Sans","DejaVu Sans",sans-serif;
font-variant-numeric:tabular-nums}
a{color:var(--blue);text-decoration:none}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:28px;padding:0 28px;height:56px;background:#fff;
border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}
.brand{display:flex;align-items:center;gap:8px;font-weight:700;font-size:1.15rem;color:var(--ink)}
.brand:hover{text-decoration:none}.brand-sub{color:var(--muted);font-weight:500}
.logo{display:inline-flex}
nav{display:flex;gap:4px;flex:1}
nav a{padding:6px 12px;border-radius:6px;color:var(--muted);font-weight:500}
nav a:hover{background:var(--bg);text-decoration:none}
nav a.active{color:var(--ink);background:#e8eef4}
.who{display:flex;align-items:center;gap:12px;color:var(--muted);font-size:.9rem}
.who form{margin:0}.role{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;
background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:1px 7px;margin-left:4px}
main{max-width:1240px;margin:0 auto;padding:24px 28px 8px}
footer{max-width:1240px;margin:0 auto;padding:16px 28px 32px;color:var(--muted);font-size:.8rem}
h1{font-size:1.6rem;margin:0 0 2px;font-weight:650;letter-spacing:-.01em}
h2{font-size:1.02rem;margin:0 0 12px;font-weight:600}
.page-head{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;margin-bottom:18px;flex-wrap:wrap}
.sub{color:var(--muted);margin:0}.crumbs{margin:0 0 2px;font-size:.85rem;color:var(--muted)}
.actions{display:flex;gap:8px;flex-wrap:wrap}
.button,button{display:inline-block;font:inherit;font-size:.88rem;padding:7px 13px;border-radius:7px;
border:1px solid #cbd2d9;background:#fff;color:var(--ink);cursor:pointer}
.button:hover,button:hover{background:#f0f4f8;text-decoration:none}
.primary,button.primary{background:var(--blue);border-color:var(--blue);color:#fff}
.primary:hover,button.primary:hover{background:#184d72}
button.link{border:0;background:none;color:var(--blue);padding:0;font-size:.9rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin-bottom:18px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.tiles{display:grid;grid-template-columns:repeat(3,1fr);gap:16px;margin-bottom:18px}
.tiles.four{grid-template-columns:repeat(4,1fr)}
.tile{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;
box-shadow:0 1px 2px rgba(16,24,40,.04)}
.tile .label{color:var(--muted);font-size:.85rem;font-weight:500}
.tile .dates{font-weight:400;font-size:.78rem;margin-left:4px}
.big{font-size:2rem;font-weight:650;letter-spacing:-.02em;margin:2px 0}
.big .of{font-size:1rem;color:var(--muted);font-weight:400}
.facts{color:var(--muted);font-size:.85rem;margin-bottom:8px}.facts .count{color:var(--ink);font-weight:600}
.vs{font-size:.8rem;color:var(--muted);margin-top:8px;line-height:1.9}
.grid.two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.3fr);gap:18px}
.grid.two>.card{margin-bottom:18px}
.hint{color:var(--muted);font-size:.82rem;margin:8px 0 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th{text-align:left;font-weight:600;color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.03em;
padding:8px 10px;border-bottom:1px solid var(--line);white-space:nowrap}
th.group{text-align:center;border-bottom:2px solid #d9e2ec;color:var(--ink)}
td{padding:9px 10px;border-bottom:1px solid #f0f2f4;vertical-align:middle}
tbody tr:hover{background:#fafbfc}
.num{text-align:right;white-space:nowrap}.mean{font-weight:650}
td.unit{min-width:180px}td.unit a{font-weight:600}td.tablets{white-space:nowrap}
.more{margin:4px 0 0;font-size:.88rem}.id{display:block;color:var(--muted);font-size:.75rem}
.trends{white-space:nowrap}
.trend{display:inline-block;font-size:.78rem;font-weight:600;padding:1px 7px;border-radius:10px;white-space:nowrap}
.trend.up{color:#22543d;background:#e3f4ea}.trend.down{color:#8a2c1c;background:#fbe9e5}
.trend.flat{color:#52606d;background:#eef1f4}.trend.none{color:#9aa5b1}
.ok{color:var(--ok)}.warn{color:var(--warn);font-weight:600}
tr.stale td{background:#fffaf0}
svg.chart{display:block;max-width:100%;height:auto;font-family:inherit}
td svg.chart{display:inline-block;vertical-align:middle}
.key{display:inline-block;width:14px;height:10px;vertical-align:middle;margin-right:2px}
.key.line{border-top:2px solid var(--blue);height:0}.key.bars{background:#d9e2ec}
.filters{display:flex;gap:12px;align-items:flex-end;flex-wrap:wrap;margin-bottom:8px}
.filters label{display:flex;flex-direction:column;font-size:.78rem;color:var(--muted);gap:3px}
.filters label.grow{flex:1;min-width:180px}
.filters label.check{flex-direction:row;align-items:center;gap:6px;font-size:.9rem;color:var(--ink)}
.filters fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px 18px;width:100%}
.filters legend{font-size:.78rem;color:var(--muted);margin-bottom:4px}
input,select,textarea{font:inherit;font-size:.9rem;padding:6px 9px;border:1px solid #cbd2d9;border-radius:6px;
background:#fff;color:var(--ink)}
textarea{width:100%;font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:.8rem}
ul.comments{list-style:none;margin:12px 0 0;padding:0}
li.comment{display:flex;gap:12px;padding:8px 12px;border:1px solid var(--line);border-left-width:4px;
border-radius:8px;margin-bottom:6px;background:#fff}
li.comment.positive{border-left-color:var(--r4);background:#f3faf6}
li.comment.negative{border-left-color:var(--r1)}
li.comment .text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
li.comment .text.none{color:var(--muted);font-style:italic}
li.comment .meta{margin:3px 0 0;font-size:.78rem;color:var(--muted)}
.dot{flex:none;width:26px;height:26px;border-radius:50%;color:#fff;font-weight:700;font-size:.85rem;
display:inline-flex;align-items:center;justify-content:center}
.dot[data-r="1"]{background:var(--r1)}.dot[data-r="2"]{background:var(--r2)}
.dot[data-r="3"]{background:var(--r3)}.dot[data-r="4"]{background:var(--r4)}
.badge{font-size:.7rem;font-weight:600;padding:1px 6px;border-radius:8px}
.badge.pos{background:#e3f4ea;color:#22543d}.badge.flag{background:#fdf3dc;color:#8a5a00}
.empty{color:var(--muted);font-style:italic}
.error{background:#fbe9e5;border:1px solid #f2c4b8;color:#8a2c1c;padding:10px 14px;border-radius:8px;white-space:pre-wrap}
.notice{background:#e3f4ea;border:1px solid #b7e0c6;color:#22543d;padding:10px 14px;border-radius:8px}
.login{max-width:380px;margin:9vh auto}
.login form{display:flex;flex-direction:column;gap:14px;margin-top:18px}
.login label{display:flex;flex-direction:column;gap:4px;font-size:.85rem;color:var(--muted)}
.login button{padding:9px}
.card form label{display:block;margin-bottom:10px;font-size:.85rem;color:var(--muted)}
.card form.filters label{margin-bottom:0}
.message{max-width:560px;margin:8vh auto}
@media (max-width:900px){.tiles,.tiles.four,.grid.two{grid-template-columns:1fr}header.top{gap:12px;padding:0 12px}}
@media print{header.top,footer,.actions,.filters{display:none}.card{break-inside:avoid;box-shadow:none}}
)css";

const char* const kFaviconSvg =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><circle cx=\"12\" cy=\"12\" r=\"11\" "
    "fill=\"#2f855a\"/><circle cx=\"8.5\" cy=\"9.5\" r=\"1.4\" fill=\"#fff\"/><circle cx=\"15.5\" cy=\"9.5\" "
    "r=\"1.4\" fill=\"#fff\"/><path d=\"M7 14 Q12 19 17 14\" stroke=\"#fff\" stroke-width=\"1.8\" "
    "fill=\"none\" stroke-linecap=\"round\"/></svg>";

}  // namespace hymy::hq
