// TrustedProxies' CIDR matching and client_address's walk over X-Forwarded-For.
#include "server/client_address.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hymy::hq {
namespace {

httplib::Request request_from(const std::string& peer, const std::vector<std::string>& forwarded_for = {}) {
  httplib::Request req;
  req.remote_addr = peer;
  for (const auto& value : forwarded_for) req.headers.emplace("X-Forwarded-For", value);
  return req;
}

std::string error_of(const std::vector<std::string>& cidrs) {
  try {
    TrustedProxies::parse(cidrs);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TrustedProxies, MatchesIpv4AndIpv6Blocks) {
  const auto trusted = TrustedProxies::parse({"10.0.0.0/8", "192.0.2.1", "2001:db8::/32", "::1/128"});
  EXPECT_TRUE(trusted.contains("10.255.0.1"));
  EXPECT_FALSE(trusted.contains("11.0.0.1"));
  EXPECT_TRUE(trusted.contains("192.0.2.1"));
  EXPECT_FALSE(trusted.contains("192.0.2.2"));
  EXPECT_TRUE(trusted.contains("2001:db8:ffff::7"));
  EXPECT_FALSE(trusted.contains("2001:db9::7"));
  EXPECT_TRUE(trusted.contains("::1"));
  EXPECT_TRUE(trusted.contains("::ffff:10.1.2.3"));  // IPv4-mapped counts as IPv4
  EXPECT_FALSE(trusted.contains("not-an-address"));
  EXPECT_FALSE(trusted.contains(""));
}

TEST(TrustedProxies, PrefixesThatAreNotByteAligned) {
  const auto trusted = TrustedProxies::parse({"172.16.0.0/12", "0.0.0.0/0"});
  EXPECT_TRUE(trusted.contains("172.31.255.255"));
  EXPECT_TRUE(trusted.contains("8.8.8.8"));  // /0: everything IPv4
  EXPECT_FALSE(trusted.contains("::2"));
  const auto narrow = TrustedProxies::parse({"172.16.0.0/12"});
  EXPECT_FALSE(narrow.contains("172.32.0.0"));
}

TEST(TrustedProxies, ErrorsNameTheBadEntry) {
  EXPECT_NE(error_of({"10.0.0.0/8", "10.0.0.300/8"}).find("\"10.0.0.300/8\""), std::string::npos);
  EXPECT_NE(error_of({"10.0.0.0/33"}).find("0..32"), std::string::npos);
  EXPECT_NE(error_of({"::/129"}).find("0..128"), std::string::npos);
  EXPECT_NE(error_of({"10.0.0.0/"}).find("prefix length"), std::string::npos);
  EXPECT_NE(error_of({"10.0.0.0/8x"}).find("\"8x\""), std::string::npos);
  EXPECT_NE(error_of({"proxy.example"}).find("not an IPv4 or IPv6 address"), std::string::npos);
  EXPECT_EQ(error_of({}), "");
}

TEST(ClientAddress, IgnoresTheHeaderFromAnUntrustedPeer) {
  const auto trusted = TrustedProxies::parse({"127.0.0.1/32"});
  EXPECT_EQ(client_address(request_from("192.0.2.5", {"203.0.113.9"}), trusted), "192.0.2.5");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"203.0.113.9"}), TrustedProxies{}), "127.0.0.1");
}

TEST(ClientAddress, TakesTheRightmostUntrustedHop) {
  const auto trusted = TrustedProxies::parse({"127.0.0.1/32", "10.0.0.0/8"});
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"203.0.113.9"}), trusted), "203.0.113.9");
  // The client forged the leftmost hop; our proxies appended the real one and themselves.
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"1.2.3.4, 198.51.100.7, 10.0.0.2"}), trusted),
            "198.51.100.7");
  // Several headers are one list in order.
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"1.2.3.4", "198.51.100.7 , 10.0.0.2"}), trusted),
            "198.51.100.7");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"2001:db8::1"}), trusted), "2001:db8::1");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"[2001:db8::1]"}), trusted), "2001:db8::1");
}

TEST(ClientAddress, MalformedHopsFallBackToTheNearestTrustedHop) {
  const auto trusted = TrustedProxies::parse({"127.0.0.1/32", "10.0.0.0/8"});
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"unknown"}), trusted), "127.0.0.1");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"198.51.100.7, garbage, 10.0.0.2"}), trusted), "10.0.0.2");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"198.51.100.7,"}), trusted), "127.0.0.1");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"198.51.100.7:4711"}), trusted), "127.0.0.1");
  // No header, or only trusted hops: the farthest trusted hop.
  EXPECT_EQ(client_address(request_from("127.0.0.1"), trusted), "127.0.0.1");
  EXPECT_EQ(client_address(request_from("127.0.0.1", {"10.0.0.3, 10.0.0.2"}), trusted), "10.0.0.3");
}

TEST(ClientAddress, IgnoresTheForwardedHeader) {
  const auto trusted = TrustedProxies::parse({"127.0.0.1/32"});
  auto req = request_from("127.0.0.1", {"203.0.113.9"});
  req.headers.emplace("Forwarded", "for=198.51.100.99");
  EXPECT_EQ(client_address(req, trusted), "203.0.113.9");
}

}  // namespace
}  // namespace hymy::hq

#include "server/public_url.hpp"

namespace hymy::hq {
namespace {

std::string public_url_error(const std::string& text) {
  try {
    PublicUrl::parse(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(PublicUrl, ParsesSchemeHostPortAndPath) {
  const auto url = PublicUrl::parse("https://hq.example.fi:8443/hymy/");
  EXPECT_TRUE(url.https());
  EXPECT_EQ(url.host, "hq.example.fi");
  EXPECT_EQ(url.port, "8443");
  EXPECT_EQ(url.path, "/hymy");
  EXPECT_EQ(url.origin_and_path(), "https://hq.example.fi:8443/hymy");
  EXPECT_FALSE(PublicUrl::parse("http://[2001:db8::1]").https());
  EXPECT_EQ(PublicUrl::parse("http://[2001:db8::1]").host, "[2001:db8::1]");
}

TEST(PublicUrl, RefusesWhatIsNotABaseUrl) {
  EXPECT_NE(public_url_error("hq.example.fi").find("no scheme"), std::string::npos);
  EXPECT_NE(public_url_error("ftp://hq.example.fi").find("http or https"), std::string::npos);
  EXPECT_NE(public_url_error("https://").find("no host"), std::string::npos);
  EXPECT_NE(public_url_error("https:///path").find("no host"), std::string::npos);
  EXPECT_NE(public_url_error("https://hq.example.fi/?a=1").find("query or fragment"), std::string::npos);
  EXPECT_NE(public_url_error("https://hq.example.fi/#top").find("query or fragment"), std::string::npos);
  EXPECT_NE(public_url_error("https://user@hq.example.fi").find("user info"), std::string::npos);
  EXPECT_NE(public_url_error("https://hq.example.fi:0").find("1..65535"), std::string::npos);
  EXPECT_NE(public_url_error("https://hq.example.fi:").find("1..65535"), std::string::npos);
  EXPECT_NE(public_url_error("https://2001:db8::1").find("brackets"), std::string::npos);
  EXPECT_NE(public_url_error("ftp://x").find("--public-url \"ftp://x\""), std::string::npos);
  EXPECT_EQ(public_url_error("https://hq.example.fi"), "");
}

}  // namespace
}  // namespace hymy::hq
