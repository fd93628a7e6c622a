//! The sample events `trigger` sends: a fresh UUID, the current timestamp and every field
//! the event catalogue says the type requires, in the shape of the type's generation of
//! ROOMZ's documents, and `--set PATH=VALUE` overrides.

use super::body::timestamp_now;
use crate::core::event::{lookup, Generation};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

/// A sample event of `event_type` at `now`. A type of the current documents
/// (`workspace.presence.changed`) gets `apiVersion` and `data` with `workspaceId` and
/// `presenceStatus`; a draft type (`workspace.status.updated`, `building.*`, `floor.*`,
/// `workspace.*`) its resource's id at the top level (`buildingId`, `floorId`,
/// `workspaceId`); any other type the envelope alone. Timestamps are RFC 3339 in UTC, so
/// that a sample validates with neither a problem nor a warning.
pub fn sample(event_type: &str, now: OffsetDateTime) -> Value {
    let mut event = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "type": event_type,
        "timestamp": timestamp_now(now),
    });
    let resource_id = uuid::Uuid::new_v4().to_string();
    match lookup(event_type) {
        Some(kind) if kind.generation == Generation::Current => {
            event["apiVersion"] = "1.0".into();
            event["data"] = json!({
                "workspaceId": resource_id,
                "presenceStatus": if fastrand::bool() { "Busy" } else { "Free" },
            });
        }
        Some(kind) => event[kind.resource.id_field()] = resource_id.into(),
        None => event["apiVersion"] = "1.0".into(),
    }
    event
}

/// Applies `--set PATH=VALUE`: a dotted path into the event (objects made as needed), the
/// value read as JSON (`true`, `3`, `{"a":1}`, `"text"`) or else taken as a string.
pub fn set(event: &mut Value, assignment: &str) -> Result<(), String> {
    let (path, raw) = assignment.split_once('=').ok_or_else(|| {
        format!("--set '{assignment}': write PATH=VALUE, as in data.presenceStatus=Free")
    })?;
    let keys: Vec<&str> = path.split('.').collect();
    if keys.iter().any(|k| k.is_empty()) {
        return Err(format!(
            "--set '{assignment}': the path '{path}' has an empty part; write names joined by dots, as in data.workspaceId"
        ));
    }
    let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
    let (last, parents) = keys.split_last().expect("split gives at least one part");
    let mut node = event;
    for (depth, key) in parents.iter().enumerate() {
        let object = node
            .as_object_mut()
            .ok_or_else(|| not_object(assignment, &keys[..depth]))?;
        node = object
            .entry(key.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    node.as_object_mut()
        .ok_or_else(|| not_object(assignment, parents))?
        .insert(last.to_string(), value);
    Ok(())
}

fn not_object(assignment: &str, path: &[&str]) -> String {
    format!(
        "--set '{assignment}': '{}' is not an object, so it has no fields to set",
        path.join(".")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::{inspect, is_uuid, CATALOGUE, PRESENCE_CHANGED, STATUS_UPDATED};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-11-28 10:00:00.5 UTC);

    #[test]
    fn samples_are_valid_events_of_their_shape() {
        for event_type in [PRESENCE_CHANGED, STATUS_UPDATED, "room.cleaned"] {
            let event = sample(event_type, NOW);
            let body = serde_json::to_vec(&event).unwrap();
            let inspection = inspect(&body).unwrap();
            assert_eq!(
                inspection.errors().count(),
                0,
                "{event_type}: {inspection:?}"
            );
            assert!(is_uuid(event["id"].as_str().unwrap()));
        }
        let current = sample(PRESENCE_CHANGED, NOW);
        assert_eq!(current["timestamp"], "2026-11-28T10:00:00.500Z");
        assert!(is_uuid(current["data"]["workspaceId"].as_str().unwrap()));
        assert!(["Free", "Busy"].contains(&current["data"]["presenceStatus"].as_str().unwrap()));
        let legacy = sample(STATUS_UPDATED, NOW);
        assert_eq!(legacy["timestamp"], "2026-11-28T10:00:00.500Z");
        assert!(is_uuid(legacy["workspaceId"].as_str().unwrap()));
        let unknown = sample("room.cleaned", NOW);
        assert_eq!(unknown.as_object().unwrap().len(), 4, "the envelope only");
        assert_ne!(sample(PRESENCE_CHANGED, NOW)["id"], current["id"]);
    }

    #[test]
    fn every_catalogued_type_has_a_sample_without_problem_or_warning() {
        for kind in CATALOGUE {
            let event = sample(kind.name, NOW);
            let body = serde_json::to_vec(&event).unwrap();
            let inspection = inspect(&body).unwrap();
            assert_eq!(inspection.problems, vec![], "{}", kind.name);
            assert_eq!(inspection.event.catalogued(), Some(kind));
            let id = inspection.event.resource_id(kind.resource).unwrap();
            assert!(is_uuid(id), "{}", kind.name);
            for field in kind.required_fields() {
                let pointer = format!("/{}", field.replace('.', "/"));
                assert!(event.pointer(&pointer).is_some(), "{}: {field}", kind.name);
            }
        }
    }

    #[test]
    fn set_parses_json_else_string_and_makes_objects() {
        let mut event = sample(PRESENCE_CHANGED, NOW);
        set(&mut event, "data.presenceStatus=Free").unwrap();
        set(&mut event, "data.count=3").unwrap();
        set(&mut event, "extra.deep.flag=true").unwrap();
        set(&mut event, "note=\"3\"").unwrap();
        set(&mut event, "eq=a=b").unwrap();
        assert_eq!(event["data"]["presenceStatus"], "Free");
        assert_eq!(event["data"]["count"], 3);
        assert_eq!(event["extra"]["deep"]["flag"], true);
        assert_eq!(event["note"], "3");
        assert_eq!(event["eq"], "a=b");
        assert!(set(&mut event, "id.x=1")
            .unwrap_err()
            .contains("'id' is not an object"));
        assert!(set(&mut event, "novalue")
            .unwrap_err()
            .contains("PATH=VALUE"));
        assert!(set(&mut event, "a..b=1")
            .unwrap_err()
            .contains("empty part"));
    }
}
