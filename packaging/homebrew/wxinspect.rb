# Homebrew formula for wxinspect. Not published yet: the URL and checksum
# are placeholders until the project has a public home and a first release.
class Wxinspect < Formula
  desc "Audit what WeChat for macOS keeps on your disk, strictly read-only"
  homepage "https://example.invalid/wxinspect"
  url "https://example.invalid/wxinspect/archive/refs/tags/v0.1.0.tar.gz"
  sha256 "0000000000000000000000000000000000000000000000000000000000000000"
  license any_of: ["MIT", "Apache-2.0"]

  depends_on "rust" => :build

  def install
    system "cargo", "install", *std_cargo_args
    generate_completions_from_executable(bin/"wxinspect", "completions")
    system bin/"wxinspect", "man", "--out", man1
  end

  test do
    # A tiny WeChat 4.x tree: one account, one received file.
    acct = testpath/"xwechat_files/wxid_test_1a2b"
    (acct/"db_storage").mkpath
    (acct/"msg/file/2025-05").mkpath
    (acct/"msg/file/2025-05/note.pdf").write "%PDF-1.4 test"
    output = shell_output("#{bin}/wxinspect scan --format json #{testpath}/xwechat_files")
    assert_match "\"schema\":\"wxinspect.inventory/1\"", output
    assert_match "\"category\":\"media\"", output
    assert_match "wxid_test_1a2b", shell_output("#{bin}/wxinspect scan #{testpath}/xwechat_files")
  end
end
