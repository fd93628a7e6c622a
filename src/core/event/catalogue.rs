//! The event types ROOMZ documents (CONTRACT section 4.1), in one table: each type's
//! generation of the documents, the field that names its resource, and the REST path that
//! holds its details (section 4.2). Validation, `trigger`'s samples and `--list`, `fetch`
//! and `simulate` all read this table; a new type is one more row.

/// Which of ROOMZ's published documents describes a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generation {
    /// roomz-io/openapi main: details under `data`, `Roomz-Signature`.
    Current,
    /// The 2024-05 draft: the resource's id at the top level, `X-Roomz-Signature`.
    Draft,
}

impl Generation {
    pub fn as_str(self) -> &'static str {
        match self {
            Generation::Current => "current",
            Generation::Draft => "draft",
        }
    }
}

/// What kind of thing an event is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resource {
    Building,
    Floor,
    Workspace,
}

impl Resource {
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Building => "building",
            Resource::Floor => "floor",
            Resource::Workspace => "workspace",
        }
    }

    /// The draft's top-level field naming the resource: `buildingId`, `floorId`,
    /// `workspaceId`.
    pub fn id_field(self) -> &'static str {
        match self {
            Resource::Building => "buildingId",
            Resource::Floor => "floorId",
            Resource::Workspace => "workspaceId",
        }
    }

    /// The REST path of the resource itself, `{id}` to be filled in.
    pub fn path(self) -> &'static str {
        match self {
            Resource::Building => "/buildings/{id}",
            Resource::Floor => "/floors/{id}",
            Resource::Workspace => "/workspaces/{id}",
        }
    }
}

/// What the REST API holds about an event of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Details {
    /// `GET /workspaces/{id}/status`: the status after a change.
    WorkspaceStatus,
    /// `GET /{resource}s/{id}`: the resource as it now is.
    Resource,
    /// A deleted resource: there is nothing left to fetch.
    Gone,
}

/// One documented event type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventType {
    pub name: &'static str,
    pub generation: Generation,
    pub resource: Resource,
    pub details: Details,
}

impl EventType {
    /// Where the resource's id is required: `data.workspaceId` in the current shape, the
    /// top-level `buildingId`/`floorId`/`workspaceId` in the draft's.
    pub fn id_path(&self) -> &'static str {
        match (self.generation, self.resource) {
            (Generation::Current, Resource::Workspace) => "data.workspaceId",
            (Generation::Current, Resource::Building) => "data.buildingId",
            (Generation::Current, Resource::Floor) => "data.floorId",
            (Generation::Draft, resource) => resource.id_field(),
        }
    }

    /// The fields the type requires besides `id`, `type` and `timestamp`.
    pub fn required_fields(&self) -> &'static [&'static str] {
        match self.generation {
            Generation::Current => &["data", "data.workspaceId", "data.presenceStatus"],
            Generation::Draft => match self.resource {
                Resource::Building => &["buildingId"],
                Resource::Floor => &["floorId"],
                Resource::Workspace => &["workspaceId"],
            },
        }
    }

    /// The REST path with the event's details, `{id}` to be filled in; `None` for a
    /// `*.deleted` event.
    pub fn details_path(&self) -> Option<&'static str> {
        match self.details {
            Details::WorkspaceStatus => Some("/workspaces/{id}/status"),
            Details::Resource => Some(self.resource.path()),
            Details::Gone => None,
        }
    }
}

const fn draft(name: &'static str, resource: Resource, details: Details) -> EventType {
    EventType {
        name,
        generation: Generation::Draft,
        resource,
        details,
    }
}

/// A workspace's presence changed: the current shape, details under `data`.
pub const PRESENCE_CHANGED: &str = "workspace.presence.changed";
/// A workspace's status changed: the draft's shape, `workspaceId` at the top level.
pub const STATUS_UPDATED: &str = "workspace.status.updated";

/// Every type ROOMZ documents, the current one first, then the draft's in its own order
/// of resources (building, floor, workspace).
pub const CATALOGUE: &[EventType] = &[
    EventType {
        name: PRESENCE_CHANGED,
        generation: Generation::Current,
        resource: Resource::Workspace,
        details: Details::WorkspaceStatus,
    },
    draft(
        STATUS_UPDATED,
        Resource::Workspace,
        Details::WorkspaceStatus,
    ),
    draft("building.created", Resource::Building, Details::Resource),
    draft("building.updated", Resource::Building, Details::Resource),
    draft("building.deleted", Resource::Building, Details::Gone),
    draft("floor.created", Resource::Floor, Details::Resource),
    draft("floor.updated", Resource::Floor, Details::Resource),
    draft("floor.deleted", Resource::Floor, Details::Gone),
    draft("workspace.created", Resource::Workspace, Details::Resource),
    draft("workspace.updated", Resource::Workspace, Details::Resource),
    draft("workspace.deleted", Resource::Workspace, Details::Gone),
];

/// The catalogue's entry for `name`; types are compared exactly, as ROOMZ writes them.
pub fn lookup(name: &str) -> Option<&'static EventType> {
    CATALOGUE.iter().find(|t| t.name == name)
}

/// The names of the known types, in the catalogue's order: what `trigger --list` prints
/// and what completion offers.
pub fn type_names() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|t| t.name)
}

/// The known types' names joined by ", ", for messages.
pub fn type_names_joined() -> String {
    type_names().collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_distinct_types_as_the_documents_list_them() {
        let names: Vec<&str> = type_names().collect();
        assert_eq!(names.len(), 11);
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 11);
        assert_eq!(
            CATALOGUE
                .iter()
                .filter(|t| t.generation == Generation::Current)
                .count(),
            1
        );
        for t in CATALOGUE {
            let (resource, _) = t.name.split_once('.').unwrap();
            assert_eq!(resource, t.resource.as_str(), "{}", t.name);
            assert_eq!(t.details == Details::Gone, t.name.ends_with(".deleted"));
            assert_eq!(lookup(t.name), Some(t));
        }
        assert_eq!(lookup("Workspace.Presence.Changed"), None);
    }

    #[test]
    fn details_paths_follow_section_4_2() {
        let path = |name| lookup(name).unwrap().details_path();
        assert_eq!(path(PRESENCE_CHANGED), Some("/workspaces/{id}/status"));
        assert_eq!(path(STATUS_UPDATED), Some("/workspaces/{id}/status"));
        assert_eq!(path("workspace.created"), Some("/workspaces/{id}"));
        assert_eq!(path("workspace.updated"), Some("/workspaces/{id}"));
        assert_eq!(path("building.created"), Some("/buildings/{id}"));
        assert_eq!(path("building.updated"), Some("/buildings/{id}"));
        assert_eq!(path("floor.created"), Some("/floors/{id}"));
        assert_eq!(path("floor.updated"), Some("/floors/{id}"));
        for deleted in ["building.deleted", "floor.deleted", "workspace.deleted"] {
            assert_eq!(path(deleted), None);
        }
        assert_eq!(
            lookup(PRESENCE_CHANGED).unwrap().id_path(),
            "data.workspaceId"
        );
        assert_eq!(lookup("floor.deleted").unwrap().id_path(), "floorId");
    }
}
