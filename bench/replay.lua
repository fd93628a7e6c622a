-- wrk script for bench/replay.sh: POSTs one pre-signed ROOMZ event with the headers
-- `replay` sends, so that wrk and replay put the same request on the wire.
local body = os.getenv("BODY")
local signature = os.getenv("SIGNATURE")

function request()
  return wrk.format("POST", "/webhook", {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "roomz-hook/bench",
    ["Roomz-Signature"] = signature,
    ["X-Roomz-Signature"] = signature,
  }, body)
end
