-- Argo CD health check for readiness.prodready.io/v1alpha1 ProductionReadiness.
--
-- Maps the kstatus conditions the operator writes (Ready, Reconciling, Stalled) to Argo CD
-- health, following the conditions table of the prodready design:
--   not evaluated yet, or spec changed since  -> Progressing
--   Stalled=True                              -> Degraded (a verdict that will not change alone)
--   Reconciling=True                          -> Progressing (a rollout, a target not created yet)
--   Ready=True for the target generation      -> Healthy
--   Ready=True without a target generation    -> Progressing
--   anything else                             -> Progressing
--
-- Argo CD runs custom health scripts with the Lua base and table libraries only (no string
-- library), so this script uses nothing else.

local waiting = "Waiting for the operator to evaluate"

local function findCondition(conditions, conditionType)
  if type(conditions) ~= "table" then
    return nil
  end
  for _, c in ipairs(conditions) do
    if type(c) == "table" and c.type == conditionType then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function messageOf(c, fallback)
  if c ~= nil and type(c.message) == "string" and c.message ~= "" then
    return c.message
  end
  return fallback
end

local function health()
  local generation = nil
  if obj.metadata ~= nil then
    generation = tonumber(obj.metadata.generation)
  end
  local status = obj.status
  if type(status) ~= "table" then
    return "Progressing", waiting
  end
  local observed = tonumber(status.observedGeneration)
  if observed == nil or observed < 0 or (generation ~= nil and observed < generation) then
    return "Progressing", waiting
  end

  local conditions = status.conditions
  local stalled = findCondition(conditions, "Stalled")
  if isTrue(stalled) then
    return "Degraded", messageOf(stalled, "Stalled")
  end
  local reconciling = findCondition(conditions, "Reconciling")
  if isTrue(reconciling) then
    return "Progressing", messageOf(reconciling, waiting)
  end
  local ready = findCondition(conditions, "Ready")
  if ready ~= nil and generation ~= nil then
    local readyObserved = tonumber(ready.observedGeneration)
    if readyObserved ~= nil and readyObserved < generation then
      return "Progressing", waiting
    end
  end
  if isTrue(ready) then
    -- A verdict counts only for the target generation it was reached at, once the target's
    -- rollout had observed that generation (the gate's rule; this script cannot read the
    -- workload itself, so a newer workload generation shows through Reconciling, which the
    -- operator sets as soon as it sees it).
    local target = status.target
    local targetGeneration = nil
    local targetObserved = nil
    if type(target) == "table" then
      targetGeneration = tonumber(target.generation)
      targetObserved = tonumber(target.observedGeneration)
    end
    if targetGeneration == nil then
      return "Progressing", "not evaluated at the target's current generation"
    end
    if targetObserved == nil or targetObserved < targetGeneration then
      return "Progressing", "not evaluated at generation " .. targetGeneration
    end
    return "Healthy", messageOf(ready, "Ready")
  end
  return "Progressing", messageOf(ready, waiting)
end

local hs = {}
hs.status, hs.message = health()
return hs
