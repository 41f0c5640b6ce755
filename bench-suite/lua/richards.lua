-- Richards: simulation of a small operating-system task scheduler (an idle task, a worker,
-- two packet handlers and two devices exchanging packets), after Martin Richards' benchmark.
-- Written with objects (metatables) and method calls. Prints the number of packets queued
-- and of times a task held itself; for 10000 idle iterations these are 23246 and 9297.
-- Usage: richards.lua [idle-iterations]
local iterations = tonumber(arg and arg[1]) or 300000

local ID_IDLE, ID_WORKER, ID_HANDLER_A, ID_HANDLER_B, ID_DEVICE_A, ID_DEVICE_B = 1, 2, 3, 4, 5, 6
local KIND_DEVICE, KIND_WORK = 0, 1
local DATA_SIZE = 4

-- 16-bit exclusive or without the bit library
local function xor16(a, b)
  local result, place = 0, 1
  for _ = 1, 16 do
    local x, y = a % 2, b % 2
    if x ~= y then result = result + place end
    a = (a - x) / 2
    b = (b - y) / 2
    place = place * 2
  end
  return result
end

---------------------------------------------------------------- packets
local Packet = {}
Packet.__index = Packet

function Packet.new(link, id, kind)
  local data = {}
  for i = 1, DATA_SIZE do data[i] = 0 end
  return setmetatable({ link = link, id = id, kind = kind, a1 = 0, a2 = data }, Packet)
end

-- Append this packet to the end of the queue starting at `head`; returns the new head.
function Packet:append_to(head)
  self.link = nil
  if head == nil then return self end
  local p = head
  while p.link ~= nil do p = p.link end
  p.link = self
  return head
end

---------------------------------------------------------------- task control blocks
-- A task's state is three flags: a packet is pending, the task is suspended (waiting for a
-- packet), the task is held.
local Tcb = {}
Tcb.__index = Tcb

function Tcb.new(link, id, priority, queue, task)
  return setmetatable({
    link = link, id = id, priority = priority, queue = queue, task = task,
    pending = queue ~= nil, suspended = true, held = false,
  }, Tcb)
end

function Tcb:set_running()
  self.pending, self.suspended, self.held = false, false, false
end

function Tcb:blocked()
  return self.held or (self.suspended and not self.pending)
end

function Tcb:has_packet_to_run()
  return self.pending and self.suspended and not self.held
end

function Tcb:run()
  local packet = nil
  if self:has_packet_to_run() then
    packet = self.queue
    self.queue = packet.link
    self.pending = self.queue ~= nil
    self.suspended = false
    self.held = false
  end
  return self.task:run(packet)
end

-- Give this task a packet; returns the task that should run next.
function Tcb:deliver(current, packet)
  if self.queue == nil then
    self.queue = packet
    self.pending = true
    if self.priority > current.priority then return self end
  else
    self.queue = packet:append_to(self.queue)
  end
  return current
end

---------------------------------------------------------------- scheduler
local Scheduler = {}
Scheduler.__index = Scheduler

function Scheduler.new()
  return setmetatable({ by_id = {}, list = nil, current = nil, current_id = 0,
                        queued = 0, holds = 0 }, Scheduler)
end

function Scheduler:add(id, priority, queue, task)
  local tcb = Tcb.new(self.list, id, priority, queue, task)
  self.list = tcb
  self.current = tcb
  self.by_id[id] = tcb
  return tcb
end

function Scheduler:run()
  local tcb = self.list
  while tcb ~= nil do
    if tcb:blocked() then
      tcb = tcb.link
    else
      self.current = tcb
      self.current_id = tcb.id
      tcb = tcb:run()
    end
  end
end

function Scheduler:hold_current()
  self.holds = self.holds + 1
  self.current.held = true
  return self.current.link
end

function Scheduler:suspend_current()
  self.current.suspended = true
  return self.current
end

function Scheduler:release(id)
  local tcb = self.by_id[id]
  if tcb == nil then return nil end
  tcb.held = false
  if tcb.priority > self.current.priority then return tcb end
  return self.current
end

function Scheduler:send(packet)
  local target = self.by_id[packet.id]
  if target == nil then return nil end
  self.queued = self.queued + 1
  packet.link = nil
  packet.id = self.current_id
  return target:deliver(self.current, packet)
end

---------------------------------------------------------------- tasks
local IdleTask = {}
IdleTask.__index = IdleTask
function IdleTask.new(sched, seed, count)
  return setmetatable({ sched = sched, seed = seed, count = count }, IdleTask)
end
function IdleTask:run(_)
  local s = self.sched
  self.count = self.count - 1
  if self.count == 0 then return s:hold_current() end
  local low = self.seed % 2
  local half = (self.seed - low) / 2
  if low == 0 then
    self.seed = half
    return s:release(ID_DEVICE_A)
  end
  self.seed = xor16(half, 0xD008)
  return s:release(ID_DEVICE_B)
end

local DeviceTask = {}
DeviceTask.__index = DeviceTask
function DeviceTask.new(sched)
  return setmetatable({ sched = sched, waiting = nil }, DeviceTask)
end
function DeviceTask:run(packet)
  local s = self.sched
  if packet == nil then
    local p = self.waiting
    if p == nil then return s:suspend_current() end
    self.waiting = nil
    return s:send(p)
  end
  self.waiting = packet
  return s:hold_current()
end

local WorkerTask = {}
WorkerTask.__index = WorkerTask
function WorkerTask.new(sched)
  return setmetatable({ sched = sched, dest = ID_HANDLER_A, letter = 0 }, WorkerTask)
end
function WorkerTask:run(packet)
  local s = self.sched
  if packet == nil then return s:suspend_current() end
  if self.dest == ID_HANDLER_A then self.dest = ID_HANDLER_B else self.dest = ID_HANDLER_A end
  packet.id = self.dest
  packet.a1 = 0
  local data = packet.a2
  for i = 1, DATA_SIZE do
    local l = self.letter + 1
    if l > 26 then l = 1 end
    self.letter = l
    data[i] = l
  end
  return s:send(packet)
end

local HandlerTask = {}
HandlerTask.__index = HandlerTask
function HandlerTask.new(sched)
  return setmetatable({ sched = sched, work = nil, devices = nil }, HandlerTask)
end
function HandlerTask:run(packet)
  local s = self.sched
  if packet ~= nil then
    if packet.kind == KIND_WORK then
      self.work = packet:append_to(self.work)
    else
      self.devices = packet:append_to(self.devices)
    end
  end
  local work = self.work
  if work ~= nil then
    local pos = work.a1
    if pos < DATA_SIZE then
      local dev = self.devices
      if dev ~= nil then
        self.devices = dev.link
        dev.a1 = work.a2[pos + 1]
        work.a1 = pos + 1
        return s:send(dev)
      end
    else
      self.work = work.link
      return s:send(work)
    end
  end
  return s:suspend_current()
end

---------------------------------------------------------------- main
local function richards(count)
  local s = Scheduler.new()
  s:add(ID_IDLE, 0, nil, IdleTask.new(s, 1, count)):set_running()

  local q = Packet.new(nil, ID_WORKER, KIND_WORK)
  q = Packet.new(q, ID_WORKER, KIND_WORK)
  s:add(ID_WORKER, 1000, q, WorkerTask.new(s))

  q = Packet.new(nil, ID_DEVICE_A, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_A, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_A, KIND_DEVICE)
  s:add(ID_HANDLER_A, 2000, q, HandlerTask.new(s))

  q = Packet.new(nil, ID_DEVICE_B, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_B, KIND_DEVICE)
  q = Packet.new(q, ID_DEVICE_B, KIND_DEVICE)
  s:add(ID_HANDLER_B, 3000, q, HandlerTask.new(s))

  s:add(ID_DEVICE_A, 4000, nil, DeviceTask.new(s))
  s:add(ID_DEVICE_B, 5000, nil, DeviceTask.new(s))

  s:run()
  return s.queued, s.holds
end

local queued, holds = richards(iterations)
print("richards", iterations, queued, holds)
