-- wrk: each request asks for the next path of the file named by BENCH_PATHS (one per line),
-- each thread starting at its own place, so that the load spreads over every path.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  paths[#paths + 1] = line
end
local position = 0

function init(args)
  position = math.random(#paths)
end

function request()
  position = position % #paths + 1
  return wrk.format(nil, paths[position])
end
