-- The bench's own small schemas for ContextBenchmark's held-out configuration (e), written for it,
-- not taken from any benchmark: a hospital, a university and a logistics company. Mixed naming on
-- purpose (snake_case, concatenated lower-case names such as labresult or tripstop), some columns
-- described, some foreign keys declared and others only implied by column names (logistics declares
-- none). No rows: only the catalog matters for schema retrieval. PostgreSQL; run through JDBC.

CREATE SCHEMA hospital;

CREATE TABLE hospital.department (
  department_id integer PRIMARY KEY,
  name varchar(80) NOT NULL,
  floor smallint,
  head_physician_id integer
);
COMMENT ON COLUMN hospital.department.head_physician_id IS 'Physician who heads the department';

CREATE TABLE hospital.physician (
  physician_id integer PRIMARY KEY,
  first_name varchar(40) NOT NULL,
  last_name varchar(40) NOT NULL,
  specialty varchar(60),
  department_id integer REFERENCES hospital.department (department_id),
  hire_date date,
  pager_number varchar(12)
);

CREATE TABLE hospital.patient (
  patient_id integer PRIMARY KEY,
  mrn varchar(12) NOT NULL UNIQUE,
  first_name varchar(40),
  last_name varchar(40),
  birth_date date,
  sex char(1),
  insurance_provider varchar(80),
  primary_physician_id integer
);
COMMENT ON COLUMN hospital.patient.mrn IS 'Medical record number';
COMMENT ON COLUMN hospital.patient.insurance_provider IS 'Health insurer paying for care';

CREATE TABLE hospital.ward (
  ward_id integer PRIMARY KEY,
  ward_name varchar(60) NOT NULL,
  department_id integer REFERENCES hospital.department (department_id),
  bed_count smallint
);

CREATE TABLE hospital.admission (
  admission_id integer PRIMARY KEY,
  patient_id integer NOT NULL REFERENCES hospital.patient (patient_id),
  ward_id integer REFERENCES hospital.ward (ward_id),
  attending_physician_id integer,
  admitted_at timestamp NOT NULL,
  discharged_at timestamp,
  diagnosis_code varchar(10)
);
COMMENT ON COLUMN hospital.admission.discharged_at IS 'Null while the patient is still in hospital';
COMMENT ON COLUMN hospital.admission.diagnosis_code IS 'ICD-10 code of the main diagnosis';

CREATE TABLE hospital.labresult (
  labresult_id integer PRIMARY KEY,
  admission_id integer,
  test_name varchar(80),
  result_value numeric(12,3),
  unit varchar(16),
  reference_range varchar(40),
  abnormal_flag boolean,
  collected_at timestamp
);

CREATE TABLE hospital.medication (
  medication_id integer PRIMARY KEY,
  generic_name varchar(80) NOT NULL,
  brand_name varchar(80),
  drug_class varchar(60),
  controlled_substance boolean
);

CREATE TABLE hospital.prescription (
  prescription_id integer PRIMARY KEY,
  admission_id integer REFERENCES hospital.admission (admission_id),
  medication_id integer REFERENCES hospital.medication (medication_id),
  prescribing_physician_id integer,
  dose_mg numeric(8,2),
  frequency varchar(30),
  start_date date,
  end_date date
);

CREATE TABLE hospital.bedassignment (
  bed_no smallint NOT NULL,
  ward_id integer NOT NULL,
  admission_id integer,
  assigned_at timestamp,
  released_at timestamp,
  PRIMARY KEY (ward_id, bed_no, assigned_at)
);
COMMENT ON COLUMN hospital.bedassignment.released_at IS 'Null while the bed is occupied';

CREATE TABLE hospital.bill (
  bill_id integer PRIMARY KEY,
  admission_id integer,
  payer varchar(80),
  amount_due numeric(12,2),
  amount_paid numeric(12,2),
  billed_on date
);

CREATE SCHEMA university;

CREATE TABLE university.faculty (
  faculty_id integer PRIMARY KEY,
  name varchar(80) NOT NULL,
  dean_name varchar(80),
  building varchar(40)
);

CREATE TABLE university.program (
  program_id integer PRIMARY KEY,
  faculty_id integer REFERENCES university.faculty (faculty_id),
  title varchar(120) NOT NULL,
  degree_level varchar(20),
  ects_total smallint
);
COMMENT ON COLUMN university.program.degree_level IS 'bachelor, master or doctorate';

CREATE TABLE university.student (
  student_id integer PRIMARY KEY,
  program_id integer REFERENCES university.program (program_id),
  given_name varchar(40),
  family_name varchar(40),
  email varchar(120),
  enrolled_on date,
  gpa numeric(3,2)
);
COMMENT ON COLUMN university.student.gpa IS 'Grade point average, 0 to 4';

CREATE TABLE university.term (
  term_id integer PRIMARY KEY,
  name varchar(30) NOT NULL,
  starts_on date,
  ends_on date
);
COMMENT ON COLUMN university.term.name IS 'Semester name such as Autumn 2024';

CREATE TABLE university.course (
  course_id integer PRIMARY KEY,
  code varchar(12) NOT NULL,
  title varchar(120),
  credits smallint,
  faculty_id integer
);

CREATE TABLE university.instructor (
  instructor_id integer PRIMARY KEY,
  full_name varchar(80),
  rank varchar(30),
  faculty_id integer,
  office varchar(20),
  salary numeric(10,2)
);
COMMENT ON COLUMN university.instructor.rank IS 'lecturer, assistant professor, associate professor or professor';

CREATE TABLE university.courseoffering (
  offering_id integer PRIMARY KEY,
  course_id integer REFERENCES university.course (course_id),
  term_id integer REFERENCES university.term (term_id),
  instructor_id integer,
  room varchar(20),
  capacity smallint
);
COMMENT ON TABLE university.courseoffering IS 'A section of a course taught in one term';

CREATE TABLE university.enrollment (
  student_id integer NOT NULL,
  offering_id integer NOT NULL,
  enrolled_at timestamp,
  final_grade numeric(4,2),
  status varchar(12),
  PRIMARY KEY (student_id, offering_id)
);
COMMENT ON COLUMN university.enrollment.status IS 'enrolled, dropped or completed';

CREATE TABLE university.scholarship (
  scholarship_id integer PRIMARY KEY,
  student_id integer,
  sponsor varchar(80),
  amount numeric(10,2),
  awarded_on date
);

CREATE TABLE university.dormroom (
  room_id integer PRIMARY KEY,
  building varchar(40),
  room_number varchar(8),
  capacity smallint,
  monthly_rent numeric(8,2)
);

CREATE SCHEMA logistics;

CREATE TABLE logistics.depot (
  depot_id integer PRIMARY KEY,
  city varchar(60),
  country varchar(60),
  capacity_pallets integer,
  manager_name varchar(80)
);

CREATE TABLE logistics.truck (
  truck_id integer PRIMARY KEY,
  plate_number varchar(12),
  model varchar(40),
  max_load_kg integer,
  depot_id integer,
  purchased_on date
);

CREATE TABLE logistics.driver (
  driver_id integer PRIMARY KEY,
  full_name varchar(80),
  license_class varchar(4),
  hired_on date,
  home_depot_id integer
);

CREATE TABLE logistics.client (
  client_id integer PRIMARY KEY,
  company_name varchar(120),
  contact_email varchar(120),
  vat_number varchar(20),
  city varchar(60)
);

CREATE TABLE logistics.consignment (
  consignment_id integer PRIMARY KEY,
  client_id integer,
  origin_depot_id integer,
  destination_city varchar(60),
  weight_kg numeric(10,2),
  declared_value numeric(12,2),
  created_at timestamp,
  status varchar(16)
);
COMMENT ON COLUMN logistics.consignment.status IS 'booked, in transit, delivered or returned';

CREATE TABLE logistics.trip (
  trip_id integer PRIMARY KEY,
  truck_id integer,
  driver_id integer,
  departed_at timestamp,
  arrived_at timestamp,
  distance_km numeric(8,1)
);

CREATE TABLE logistics.tripstop (
  trip_id integer NOT NULL,
  stop_seq smallint NOT NULL,
  consignment_id integer,
  planned_arrival timestamp,
  actual_arrival timestamp,
  delivered boolean,
  PRIMARY KEY (trip_id, stop_seq)
);

CREATE TABLE logistics.fuelpurchase (
  fuelpurchase_id integer PRIMARY KEY,
  truck_id integer,
  purchased_at timestamp,
  liters numeric(8,2),
  price_per_liter numeric(6,3),
  station varchar(80)
);

CREATE TABLE logistics.maintenance_log (
  log_id integer PRIMARY KEY,
  truck_id integer,
  serviced_on date,
  description text,
  cost numeric(10,2)
);

CREATE TABLE logistics.tariff (
  tariff_id integer PRIMARY KEY,
  zone varchar(20),
  price_per_kg numeric(8,3),
  valid_from date
);
