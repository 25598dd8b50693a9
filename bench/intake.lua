-- wrk script: POST /api/v1/disputes with a distinct description each time.
-- The bearer token comes from the FENGQIAO_TOKEN environment variable.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("FENGQIAO_TOKEN")
local grids = { "610302001001001", "610302002003004", "610302003005002", "610302100004006", "610302104008003" }
local n = 0
request = function()
  n = n + 1
  local grid = grids[(n % #grids) + 1]
  local body = string.format(
    '{"category":"neighbour","source":"screening","description":"压测纠纷 %d:楼道堆放杂物影响通行","grid_code":"%s"}',
    n, grid)
  return wrk.format(nil, nil, nil, body)
end
