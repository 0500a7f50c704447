// The dashboard's one stylesheet and icon, served from memory (no files to install, no CDN).
#pragma once

namespace hymy::hq {

extern const char* const kDashboardCss;
extern const char* const kFaviconSvg;

}  // namespace hymy::hq
